package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON Lines: one object per row. Integers, finite floating-point numbers and booleans are JSON numbers and
 * booleans; decimals (to keep their exact digits), dates, times, timestamps, binary (hex) and everything else
 * are strings; NULL is {@code null}.
 */
final class JsonPrinter implements ResultPrinter {
    private final PrintWriter out;
    private List<String> keys = List.of();

    JsonPrinter(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void start(Schema schema) {
        keys = schema.getFields().stream().map(Field::getName).map(JsonPrinter::string).toList();
    }

    @Override
    public void batch(VectorSchemaRoot root) {
        List<FieldVector> vectors = root.getFieldVectors();
        StringBuilder line = new StringBuilder();
        for (int row = 0; row < root.getRowCount(); row++) {
            line.setLength(0);
            line.append('{');
            for (int column = 0; column < vectors.size(); column++) {
                if (column > 0) {
                    line.append(',');
                }
                line.append(keys.get(column)).append(':').append(value(vectors.get(column), row));
            }
            out.print(line.append("}\n"));
        }
    }

    @Override
    public void finish() {
        out.flush();
    }

    private static String value(FieldVector vector, int row) {
        return ValueFormatter.format(vector, row).map(text -> {
            ArrowType type = vector.getField().getType();
            boolean literal = type instanceof ArrowType.Int || type instanceof ArrowType.Bool
                    || (type instanceof ArrowType.FloatingPoint && !text.equals("NaN") && !text.contains("Infinity"));
            return literal ? text : string(text);
        }).orElse("null");
    }

    static String string(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
