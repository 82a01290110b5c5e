package io.sqe.coordinator.planner;

import java.util.List;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Resolves names the way Trino users expect: {@code t} in the session schema, {@code s.t} in the session
 * catalog, {@code c.s.t} from the root. Calcite's public constructor knows only one default path.
 */
public final class SqeCatalogReader extends CalciteCatalogReader {
    public SqeCatalogReader(CalciteSchema rootSchema, List<String> defaultPath, RelDataTypeFactory typeFactory,
            CalciteConnectionConfig config) {
        super(rootSchema, SqlNameMatchers.withCaseSensitive(true), searchPaths(defaultPath), typeFactory, config);
    }

    private static List<List<String>> searchPaths(List<String> defaultPath) {
        if (defaultPath.size() == 2) {
            return List.of(List.copyOf(defaultPath), List.of(defaultPath.get(0)), List.of());
        }
        if (defaultPath.size() == 1) {
            return List.of(List.copyOf(defaultPath), List.of());
        }
        return List.of(List.of());
    }
}
