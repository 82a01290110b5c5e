package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** One line per row, fields joined by a separator, with a header line: CSV and TSV. */
final class DelimitedPrinter implements ResultPrinter {
    private final PrintWriter out;
    private final char separator;
    private final UnaryOperator<String> escape;
    private final String nullText;

    private DelimitedPrinter(PrintWriter out, char separator, UnaryOperator<String> escape, String nullText) {
        this.out = requireNonNull(out, "out is null");
        this.separator = separator;
        this.escape = requireNonNull(escape, "escape is null");
        this.nullText = requireNonNull(nullText, "nullText is null");
    }

    /**
     * RFC 4180 CSV. A field is quoted when it holds a comma, quote, CR or LF, or is empty; quotes are doubled.
     * NULL is an empty unquoted field, so it differs from the empty string {@code ""}.
     */
    static DelimitedPrinter csv(PrintWriter out) {
        return new DelimitedPrinter(out, ',', DelimitedPrinter::quoteCsv, "");
    }

    /** Tab-separated values; backslash, tab, LF and CR are escaped, NULL is {@code \N}. */
    static DelimitedPrinter tsv(PrintWriter out) {
        return new DelimitedPrinter(out, '\t', DelimitedPrinter::escapeTsv, "\\N");
    }

    @Override
    public void start(Schema schema) {
        List<String> names = schema.getFields().stream().map(Field::getName).map(escape).toList();
        out.print(String.join(String.valueOf(separator), names));
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
                    line.append(separator);
                }
                line.append(ValueFormatter.format(vectors.get(column), row).map(escape).orElse(nullText));
            }
            out.print(line.append('\n'));
        }
    }

    @Override
    public void finish() {
        out.flush();
    }

    static String quoteCsv(String value) {
        if (value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    static String escapeTsv(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
