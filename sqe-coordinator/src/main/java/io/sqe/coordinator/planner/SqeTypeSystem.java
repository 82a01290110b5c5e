package io.sqe.coordinator.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * SQL type rules that match what SQE users expect from Trino rather than Calcite's defaults: decimals up to
 * 38 digits whose sums do not overflow at 19, {@code avg} that does not truncate, microsecond timestamps, and
 * string literals of different lengths that unify to VARCHAR instead of blank-padded CHAR.
 */
public final class SqeTypeSystem extends RelDataTypeSystemImpl {
    public static final SqeTypeSystem INSTANCE = new SqeTypeSystem();
    private static final int MAX_DECIMAL_PRECISION = 38;
    private static final int MICROSECONDS = 6;
    private static final int MIN_AVG_DECIMAL_SCALE = 6;

    private SqeTypeSystem() {}

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        switch (typeName) {
            case DECIMAL:
                return MAX_DECIMAL_PRECISION;
            case TIME:
            case TIME_WITH_LOCAL_TIME_ZONE:
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return MICROSECONDS;
            default:
                return super.getMaxPrecision(typeName);
        }
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        switch (typeName) {
            case TIME:
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return MICROSECONDS;
            default:
                return super.getDefaultPrecision(typeName);
        }
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        RelDataType sumType;
        if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            sumType = typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, argumentType.getScale());
        } else if (SqlTypeUtil.isExactNumeric(argumentType)) {
            sumType = typeFactory.createSqlType(SqlTypeName.BIGINT);
        } else if (SqlTypeUtil.isApproximateNumeric(argumentType)) {
            sumType = typeFactory.createSqlType(SqlTypeName.DOUBLE);
        } else {
            return super.deriveSumType(typeFactory, argumentType);
        }
        return typeFactory.createTypeWithNullability(sumType, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        RelDataType avgType;
        if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            int scale = Math.max(argumentType.getScale(), MIN_AVG_DECIMAL_SCALE);
            avgType = typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, scale);
        } else if (SqlTypeUtil.isNumeric(argumentType)) {
            avgType = typeFactory.createSqlType(SqlTypeName.DOUBLE);
        } else {
            return super.deriveAvgAggType(typeFactory, argumentType);
        }
        return typeFactory.createTypeWithNullability(avgType, argumentType.isNullable());
    }

    /**
     * Decimal division keeps at least six fractional digits, and gives up fractional digits before integer
     * digits when the result would exceed 38 digits (the rule SQL Server documents). Calcite's default keeps
     * far fewer, so {@code avg} of a decimal(20,4) column lost its last digits.
     */
    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory typeFactory, RelDataType dividend,
            RelDataType divisor) {
        if (!SqlTypeUtil.isExactNumeric(dividend) || !SqlTypeUtil.isExactNumeric(divisor)
                || !SqlTypeUtil.isDecimal(dividend) && !SqlTypeUtil.isDecimal(divisor)) {
            return super.deriveDecimalDivideType(typeFactory, dividend, divisor);
        }
        int dividendPrecision = decimalPrecision(dividend);
        int dividendScale = dividend.getScale() < 0 ? 0 : dividend.getScale();
        int divisorPrecision = decimalPrecision(divisor);
        int divisorScale = divisor.getScale() < 0 ? 0 : divisor.getScale();
        int integerDigits = dividendPrecision - dividendScale + divisorScale;
        int scale = Math.max(MIN_AVG_DECIMAL_SCALE, dividendScale + divisorPrecision + 1);
        if (integerDigits + scale > MAX_DECIMAL_PRECISION) {
            scale = Math.max(Math.min(scale, MIN_AVG_DECIMAL_SCALE), MAX_DECIMAL_PRECISION - integerDigits);
            integerDigits = MAX_DECIMAL_PRECISION - scale;
        }
        RelDataType type = typeFactory.createSqlType(SqlTypeName.DECIMAL, integerDigits + scale, scale);
        return typeFactory.createTypeWithNullability(type, dividend.isNullable() || divisor.isNullable());
    }

    private static int decimalPrecision(RelDataType type) {
        switch (type.getSqlTypeName()) {
            case TINYINT:
                return 3;
            case SMALLINT:
                return 5;
            case INTEGER:
                return 10;
            case BIGINT:
                return 19;
            default:
                return type.getPrecision();
        }
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
