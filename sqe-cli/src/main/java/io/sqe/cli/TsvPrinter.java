package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Tab-separated values with a header line; backslash, tab, LF and CR are escaped, NULL is {@code \N}. */
final class TsvPrinter implements ResultPrinter {
    private static final String NULL = "\\N";

    private final PrintWriter out;

    TsvPrinter(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void start(Schema schema) {
        List<String> names = schema.getFields().stream().map(Field::getName).map(TsvPrinter::escape).toList();
        out.print(String.join("\t", names));
        out.print('\n');
    }

    @Override
    public void batch(VectorSchemaRoot root) {
        List<FieldVector> vectors = root.getFieldVectors();
        StringBuilder line = new StringBuilder();
        for (int row = 0; row < root.getRowCount(); row++) {
            line.setLength(0);
            for (int column = 0; column < vectors.size(); column++) {
                if (column > 0) {
                    line.append('\t');
                }
                line.append(ValueFormatter.format(vectors.get(column), row).map(TsvPrinter::escape).orElse(NULL));
            }
            out.print(line.append('\n'));
        }
    }

    @Override
    public void finish() {
        out.flush();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
