package io.sqe.coordinator.planner;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Trino's {@code timestamp with time zone} is an instant, which Calcite calls TIMESTAMP WITH LOCAL TIME ZONE;
 * Calcite's own TIMESTAMP WITH TIME ZONE (a value carrying its zone) has no runtime support. Type names in queries
 * ({@code CAST(x AS timestamp(6) with time zone)}) are mapped before validation.
 */
final class ZonedTypes extends SqlShuttle {
    static final ZonedTypes INSTANCE = new ZonedTypes();

    private ZonedTypes() {}

    static SqlNode rewrite(SqlNode node) {
        return node.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlDataTypeSpec type) {
        SqlTypeNameSpec name = type.getTypeNameSpec();
        if (!(name instanceof SqlBasicTypeNameSpec)) {
            return type;
        }
        SqlBasicTypeNameSpec basic = (SqlBasicTypeNameSpec) name;
        SqlTypeName mapped;
        switch (basic.getTypeName().getSimple().toUpperCase(java.util.Locale.ROOT)) {
            case "TIMESTAMP_TZ":
            case "TIMESTAMP_WITH_TIME_ZONE":
                mapped = SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
                break;
            default:
                return type;
        }
        return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(mapped, basic.getPrecision(), type.getParserPosition()),
                type.getTimeZone(), type.getNullable(), type.getParserPosition());
    }
}
