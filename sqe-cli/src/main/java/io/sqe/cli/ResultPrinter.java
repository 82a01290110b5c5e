package io.sqe.cli;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes one result set in an output format: {@link #start}, then {@link #batch} per batch, then {@link #finish}. */
public interface ResultPrinter {
    void start(Schema schema);

    void batch(VectorSchemaRoot root);

    void finish();
}
