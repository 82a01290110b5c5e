package io.sqe.catalog.partition;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.transforms.PartitionSpecVisitor;
import org.apache.iceberg.types.Types;

/**
 * Translates Trino's Iceberg {@code partitioning} table property to and from Iceberg partition specs.
 *
 * <p>Each entry is one of {@code col}, {@code year(col)}, {@code month(col)}, {@code day(col)},
 * {@code hour(col)}, {@code bucket(col, n)}, {@code truncate(col, width)} or {@code void(col)}. Transform names
 * are case-insensitive; a column name matches exactly first, then ignoring case, and may be double-quoted.
 */
public final class PartitionTransforms {
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[^\\s(),\"]+)";
    private static final Pattern IDENTITY = Pattern.compile("\\s*" + NAME + "\\s*");
    private static final Pattern TRANSFORM =
            Pattern.compile("\\s*([A-Za-z_]+)\\s*\\(\\s*" + NAME + "\\s*(?:,\\s*(-?\\d+)\\s*)?\\)\\s*");
    private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private PartitionTransforms() {}

    /** Builds the partition spec for {@code schema}; an empty list gives the unpartitioned spec. */
    public static PartitionSpec toPartitionSpec(Schema schema, List<String> partitioning) {
        requireNonNull(schema, "schema is null");
        requireNonNull(partitioning, "partitioning is null");
        if (partitioning.isEmpty()) {
            return PartitionSpec.unpartitioned();
        }
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (String entry : partitioning) {
            requireNonNull(entry, "partitioning entry is null");
            try {
                // Iceberg checks source types only in build(): check each entry alone to name the culprit.
                PartitionSpec.Builder single = PartitionSpec.builderFor(schema);
                addField(schema, single, entry);
                single.build();
                addField(schema, builder, entry);
            } catch (ValidationException | IllegalArgumentException e) {
                throw invalid(entry, e.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (ValidationException | IllegalArgumentException e) {
            throw invalid(String.join(", ", partitioning), e.getMessage());
        }
    }

    private static void addField(Schema schema, PartitionSpec.Builder builder, String entry) {
        Matcher identity = IDENTITY.matcher(entry);
        if (identity.matches()) {
            builder.identity(column(schema, entry, identity.group(1)));
            return;
        }
        Matcher transform = TRANSFORM.matcher(entry);
        if (!transform.matches()) {
            throw invalid(entry, "expected a column name or a transform such as day(ts), bucket(id, 16) or "
                    + "truncate(name, 4)");
        }
        String name = transform.group(1).toLowerCase(Locale.ROOT);
        String column = column(schema, entry, transform.group(2));
        String argument = transform.group(3);
        switch (name) {
            case "year" -> builder.year(noArgument(entry, argument, column));
            case "month" -> builder.month(noArgument(entry, argument, column));
            case "day" -> builder.day(noArgument(entry, argument, column));
            case "hour" -> builder.hour(noArgument(entry, argument, column));
            case "void" -> builder.alwaysNull(noArgument(entry, argument, column));
            case "bucket" -> builder.bucket(column, positiveArgument(entry, argument, "bucket count"));
            case "truncate" -> builder.truncate(column, positiveArgument(entry, argument, "truncate width"));
            default -> throw invalid(entry, "unknown transform '" + transform.group(1)
                    + "'; use year, month, day, hour, bucket, truncate or void");
        }
    }

    private static String column(Schema schema, String entry, String rawName) {
        String name = rawName.startsWith("\"")
                ? rawName.substring(1, rawName.length() - 1).replace("\"\"", "\"")
                : rawName;
        Types.NestedField field = schema.findField(name);
        if (field == null) {
            field = schema.caseInsensitiveFindField(name);
        }
        if (field == null) {
            throw invalid(entry, "column '" + name + "' does not exist in the table");
        }
        return schema.findColumnName(field.fieldId());
    }

    private static String noArgument(String entry, String argument, String column) {
        if (argument != null) {
            throw invalid(entry, "this transform takes only a column");
        }
        return column;
    }

    private static int positiveArgument(String entry, String argument, String what) {
        if (argument == null) {
            throw invalid(entry, "the " + what + " is missing");
        }
        int value;
        try {
            value = Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            throw invalid(entry, "the " + what + " " + argument + " is too large");
        }
        if (value <= 0) {
            throw invalid(entry, "the " + what + " must be positive, got " + value);
        }
        return value;
    }

    private static SqeException invalid(String entry, String reason) {
        return new SqeException(
                ErrorCode.INVALID_TABLE_PROPERTY, "Invalid partitioning '" + entry + "': " + reason);
    }

    /** The partitioning property for a spec, as SHOW CREATE TABLE prints it. */
    public static List<String> toPartitioning(PartitionSpec spec) {
        requireNonNull(spec, "spec is null");
        return List.copyOf(PartitionSpecVisitor.visit(spec, new PartitionSpecVisitor<String>() {
            @Override
            public String identity(int fieldId, String sourceName, int sourceId) {
                return quote(sourceName);
            }

            @Override
            public String bucket(int fieldId, String sourceName, int sourceId, int numBuckets) {
                return "bucket(" + quote(sourceName) + ", " + numBuckets + ")";
            }

            @Override
            public String truncate(int fieldId, String sourceName, int sourceId, int width) {
                return "truncate(" + quote(sourceName) + ", " + width + ")";
            }

            @Override
            public String year(int fieldId, String sourceName, int sourceId) {
                return "year(" + quote(sourceName) + ")";
            }

            @Override
            public String month(int fieldId, String sourceName, int sourceId) {
                return "month(" + quote(sourceName) + ")";
            }

            @Override
            public String day(int fieldId, String sourceName, int sourceId) {
                return "day(" + quote(sourceName) + ")";
            }

            @Override
            public String hour(int fieldId, String sourceName, int sourceId) {
                return "hour(" + quote(sourceName) + ")";
            }

            @Override
            public String alwaysNull(int fieldId, String sourceName, int sourceId) {
                return "void(" + quote(sourceName) + ")";
            }

            @Override
            public String unknown(int fieldId, String sourceName, int sourceId, String transform) {
                return transform + "(" + quote(sourceName) + ")";
            }
        }));
    }

    private static String quote(String name) {
        return SIMPLE_NAME.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
