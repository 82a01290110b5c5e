package io.sqe.trino;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow result types as Trino names them. SQE's results carry Iceberg's precision: times and timestamps are
 * microseconds ({@code time(6)}, {@code timestamp(6)}); strings are unbounded {@code varchar}, whose signature
 * carries Trino's unbounded length.
 */
final class TrinoTypes {
    static final long VARCHAR_UNBOUNDED_LENGTH = Integer.MAX_VALUE;

    private TrinoTypes() {}

    static List<TrinoColumn> columns(Schema schema) {
        List<TrinoColumn> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(column(field));
        }
        return columns;
    }

    static TrinoColumn column(Field field) {
        String name = field.getName();
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Bool:
                return TrinoColumn.simple(name, "boolean");
            case Int:
                switch (((ArrowType.Int) type).getBitWidth()) {
                    case 8:
                        return TrinoColumn.simple(name, "tinyint");
                    case 16:
                        return TrinoColumn.simple(name, "smallint");
                    case 32:
                        return TrinoColumn.simple(name, "integer");
                    default:
                        return TrinoColumn.simple(name, "bigint");
                }
            case FloatingPoint:
                return TrinoColumn.simple(name,
                        ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                                ? "double" : "real");
            case Decimal: {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                return new TrinoColumn(name, "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")",
                        "decimal", List.of((long) decimal.getPrecision(), (long) decimal.getScale()));
            }
            case Binary:
            case LargeBinary:
            case FixedSizeBinary:
                return TrinoColumn.simple(name, "varbinary");
            case Date:
                return TrinoColumn.simple(name, "date");
            case Time: {
                int precision = precision(((ArrowType.Time) type).getUnit());
                return new TrinoColumn(name, "time(" + precision + ")", "time", List.of((long) precision));
            }
            case Timestamp: {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                int precision = precision(timestamp.getUnit());
                if (timestamp.getTimezone() == null) {
                    return new TrinoColumn(name, "timestamp(" + precision + ")", "timestamp",
                            List.of((long) precision));
                }
                return new TrinoColumn(name, "timestamp(" + precision + ") with time zone", "timestamp with time zone",
                        List.of((long) precision));
            }
            default:
                // Utf8, and anything SQE may add before this mapping learns it: sent as text.
                return new TrinoColumn(name, "varchar", "varchar", List.of(VARCHAR_UNBOUNDED_LENGTH));
        }
    }

    static int precision(TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return 0;
            case MILLISECOND:
                return 3;
            case MICROSECOND:
                return 6;
            case NANOSECOND:
                return 9;
        }
        throw new IllegalArgumentException("unknown time unit " + unit);
    }
}
