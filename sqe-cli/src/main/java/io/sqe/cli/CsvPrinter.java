package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * RFC 4180 CSV with a header line. A field is quoted when it holds a comma, quote, CR or LF, or is empty;
 * quotes are doubled. NULL is an empty unquoted field, so it differs from the empty string {@code ""}.
 */
final class CsvPrinter implements ResultPrinter {
    private final PrintWriter out;

    CsvPrinter(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void start(Schema schema) {
        List<String> names = schema.getFields().stream().map(Field::getName).map(CsvPrinter::quote).toList();
        out.print(String.join(",", names));
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
                    line.append(',');
                }
                line.append(ValueFormatter.format(vectors.get(column), row).map(CsvPrinter::quote).orElse(""));
            }
            out.print(line.append('\n'));
        }
    }

    @Override
    public void finish() {
        out.flush();
    }

    static String quote(String value) {
        if (value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
