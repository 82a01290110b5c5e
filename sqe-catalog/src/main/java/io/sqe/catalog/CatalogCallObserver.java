package io.sqe.catalog;

import java.util.function.Supplier;

/**
 * Wraps every call SQE makes to the Iceberg catalog, by operation name ({@code loadTable}, {@code listTables}, …),
 * so the server can time and trace catalog calls without the catalog knowing about metrics.
 */
public interface CatalogCallObserver {
    CatalogCallObserver NONE = new CatalogCallObserver() {
        @Override
        public <T> T observe(String operation, Supplier<T> call) {
            return call.get();
        }
    };

    <T> T observe(String operation, Supplier<T> call);
}
