package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Aligned columns separated by {@code |}, a header and a separator line, numbers right-aligned, NULL shown as
 * {@code NULL}, and a {@code (N rows)} footer. Holds the whole result to size the columns. A result of one
 * {@code Query Plan} column (EXPLAIN) is printed as it is, one plan line a line, as Trino's CLI does.
 */
final class TablePrinter implements ResultPrinter {
    private static final String NULL = "NULL";
    private static final String PLAN_COLUMN = "Query Plan";

    private final PrintWriter out;
    private final List<String[]> rows = new ArrayList<>();
    private List<String> headers = List.of();
    private boolean[] rightAligned = new boolean[0];

    TablePrinter(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void start(Schema schema) {
        List<Field> fields = schema.getFields();
        headers = fields.stream().map(Field::getName).toList();
        rightAligned = new boolean[fields.size()];
        for (int column = 0; column < fields.size(); column++) {
            rightAligned[column] = ValueFormatter.isNumeric(fields.get(column).getType());
        }
    }

    @Override
    public void batch(VectorSchemaRoot root) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++) {
            String[] cells = new String[vectors.size()];
            for (int column = 0; column < vectors.size(); column++) {
                cells[column] = ValueFormatter.format(vectors.get(column), row)
                        .map(value -> isPlan() ? value.stripTrailing() : printable(value)).orElse(NULL);
            }
            rows.add(cells);
        }
    }

    private boolean isPlan() {
        return headers.size() == 1 && headers.get(0).equals(PLAN_COLUMN);
    }

    @Override
    public void finish() {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < headers.size(); column++) {
            widths[column] = headers.get(column).length();
            for (String[] row : rows) {
                for (String line : row[column].split("\n", -1)) {
                    widths[column] = Math.max(widths[column], line.length());
                }
            }
        }
        out.println(line(headers.toArray(String[]::new), widths));
        StringBuilder separator = new StringBuilder();
        for (int column = 0; column < widths.length; column++) {
            separator.append(column == 0 ? "" : "-+-").append("-".repeat(widths[column]));
        }
        out.println(separator);
        for (String[] row : rows) {
            out.println(isPlan() ? row[0] : line(row, widths));
        }
        out.println(rows.size() == 1 ? "(1 row)" : "(" + rows.size() + " rows)");
        out.flush();
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            if (column > 0) {
                line.append(" | ");
            }
            String padding = " ".repeat(widths[column] - cells[column].length());
            line.append(rightAligned[column] ? padding + cells[column] : cells[column] + padding);
        }
        return line.toString().stripTrailing();
    }

    /** Keeps one row on one line. */
    private static String printable(String value) {
        return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
