package io.sqe.worker.columnar;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanExpression.Call;
import io.sqe.planner.aggregation.ScanExpression.Column;
import io.sqe.planner.aggregation.ScanExpression.Literal;
import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Evaluates a {@link ScanExpression} over the selected rows of a batch, one operator at a time over whole arrays.
 * Integer arithmetic that overflows fails with {@code NUMERIC_VALUE_OUT_OF_RANGE}; decimal arithmetic is exact.
 * One evaluator serves the batches of one scan, one at a time: it keeps each literal's filled arrays between them.
 */
final class ExpressionEvaluator {
    /** 10^0 … 10^18: every power of ten a long holds. */
    static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * Each literal's values from an earlier batch, by identity: a literal's arrays are never written, and may serve
     * any batch up to their length.
     */
    private final Map<Literal, ColumnValues> literals = new IdentityHashMap<>();

    /**
     * The values of {@code expression} at ascending batch rows {@code rows[0..count)}, reusing the values of equal
     * subexpressions in {@code computed}, which were computed over the same rows: Q1's {@code price * (1 - discount)}
     * is computed once for two aggregates, and each column is read once. Expressions are records, so equal means
     * structurally equal.
     */
    ColumnValues evaluate(ScanExpression expression, VectorSchemaRoot batch, int[] rows, int count,
            Map<ScanExpression, ColumnValues> computed) {
        ColumnValues values = computed.get(expression);
        if (values == null) {
            values = compute(expression, batch, rows, count, computed);
            computed.put(expression, values);
        }
        return values;
    }

    private ColumnValues compute(ScanExpression expression, VectorSchemaRoot batch, int[] rows, int count,
            Map<ScanExpression, ColumnValues> computed) {
        switch (expression.nodeKind()) {
            case COLUMN:
                Column column = (Column) expression;
                return read(batch.getVector(column.index()), column.type(), rows, count);
            case LITERAL:
                return literal((Literal) expression, count);
            case CALL:
                return call((Call) expression, batch, rows, count, computed);
        }
        throw new IllegalStateException("unknown node kind " + expression.nodeKind());
    }

    /**
     * The batch rows of ascending {@code rows[0..count)} where {@code condition} is true (not false, not null), in
     * their order.
     */
    int select(ScanExpression condition, VectorSchemaRoot batch, int[] rows, int count, int[] selected) {
        ColumnValues values = evaluate(condition, batch, rows, count, new HashMap<>());
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (values.longs[i] != 0 && !values.isNull(i)) {
                selected[kept++] = rows[i];
            }
        }
        return kept;
    }

    /**
     * Reads a column at the selected rows. Fixed-width values are read by address, after one check that the highest
     * selected row lies in the vector's data buffer: Arrow's per-value bounds checks were most of the cost here.
     */
    private static ColumnValues read(FieldVector vector, ScanType type, int[] rows, int count) {
        ColumnValues values = new ColumnValues(type, count);
        boolean mayBeNull = vector.getNullCount() > 0;
        if (mayBeNull) {
            for (int i = 0; i < count; i++) {
                if (vector.isNull(rows[i])) {
                    values.setNull(i);
                }
            }
        }
        switch (type.kind()) {
            case INT:
            case DATE:
                if (type.kind() == Kind.INT) {
                    requireVector(vector, IntVector.class);
                } else {
                    requireVector(vector, DateDayVector.class);
                }
                long ints = dataAddress(vector, rows, count, 4);
                values.longs = new long[count];
                for (int i = 0; i < count; i++) {
                    values.longs[i] = MemoryUtil.getInt(ints + ((long) rows[i] << 2));
                }
                return values;
            case LONG:
                requireVector(vector, BigIntVector.class);
                long longs = dataAddress(vector, rows, count, 8);
                values.longs = new long[count];
                for (int i = 0; i < count; i++) {
                    values.longs[i] = MemoryUtil.getLong(longs + ((long) rows[i] << 3));
                }
                return values;
            case DOUBLE:
                requireVector(vector, Float8Vector.class);
                long doubles = dataAddress(vector, rows, count, 8);
                values.doubles = new double[count];
                for (int i = 0; i < count; i++) {
                    values.doubles[i] = Double.longBitsToDouble(MemoryUtil.getLong(doubles + ((long) rows[i] << 3)));
                }
                return values;
            case BOOLEAN:
                BitVector bits = requireVector(vector, BitVector.class);
                values.longs = new long[count];
                for (int i = 0; i < count; i++) {
                    values.longs[i] = values.isNull(i) ? 0 : bits.get(rows[i]);
                }
                return values;
            case DECIMAL:
                DecimalVector decimals = requireVector(vector, DecimalVector.class);
                if (decimals.getScale() != type.scale()) {
                    throw new IllegalArgumentException("column " + vector.getName() + " has scale "
                            + decimals.getScale() + ", not " + type.scale());
                }
                long address = dataAddress(vector, rows, count, DecimalVector.TYPE_WIDTH);
                long[] unscaled = new long[count];
                // One loop without branches; a value whose high word is not the low word's sign is wide.
                long wide = 0;
                for (int i = 0; i < count; i++) {
                    long offset = address + (long) rows[i] * DecimalVector.TYPE_WIDTH;
                    long low = MemoryUtil.getLong(offset);
                    wide |= MemoryUtil.getLong(offset + 8) ^ (low >> 63);
                    unscaled[i] = low;
                }
                values.longs = unscaled;
                if (wide != 0) {
                    for (int i = 0; i < count; i++) {
                        long offset = address + (long) rows[i] * DecimalVector.TYPE_WIDTH;
                        if (MemoryUtil.getLong(offset + 8) != (unscaled[i] >> 63) && !values.isNull(i)) {
                            unscaled[i] = 0;
                            values.setWide(i, decimals.getObject(rows[i]));
                        }
                    }
                }
                return values;
            case STRING:
                values.strings = requireVector(vector, VarCharVector.class);
                values.rows = rows;
                return values;
        }
        throw new IllegalStateException("unknown kind " + type.kind());
    }

    /** The address of a fixed-width vector's data, after checking that every selected row lies in its buffer. */
    private static long dataAddress(FieldVector vector, int[] rows, int count, int width) {
        int highest = requireRows(vector, rows, count);
        ArrowBuf data = vector.getDataBuffer();
        if ((highest + 1L) * width > data.capacity()) {
            throw new IllegalStateException("row " + highest + " is past the data of column " + vector.getName());
        }
        return data.memoryAddress();
    }

    /**
     * Checks that ascending rows {@code rows[0..count)} are rows of {@code vector}, and returns the highest, or -1.
     * Rows ascend by construction: a scan's batch starts as every row in order, and {@link #select} keeps the order,
     * so checking both ends covers every row.
     */
    static int requireRows(FieldVector vector, int[] rows, int count) {
        if (count == 0) {
            return -1;
        }
        int highest = rows[count - 1];
        if (rows[0] < 0 || highest >= vector.getValueCount() || rows[0] > highest) {
            throw new IllegalStateException("selected rows " + rows[0] + " to " + highest + " are not rows of column "
                    + vector.getName() + " of " + vector.getValueCount() + " values");
        }
        return highest;
    }

    private static <T> T requireVector(FieldVector vector, Class<T> expected) {
        if (!expected.isInstance(vector)) {
            throw new IllegalArgumentException("column " + vector.getName() + " is a " + vector.getClass().getSimpleName()
                    + ", not a " + expected.getSimpleName());
        }
        return expected.cast(vector);
    }

    private ColumnValues literal(Literal literal, int count) {
        ColumnValues cached = literals.get(literal);
        if (cached == null || cached.count < count) {
            cached = filledLiteral(literal, count);
            literals.put(literal, cached);
        }
        return cached.count == count ? cached : cached.prefix(count);
    }

    private static ColumnValues filledLiteral(Literal literal, int count) {
        ScanType type = literal.type();
        if (literal.value().isEmpty()) {
            ColumnValues values = new ColumnValues(type, count);
            values.nulls = new boolean[count];
            java.util.Arrays.fill(values.nulls, true);
            values.longs = new long[count];
            values.doubles = new double[count];
            if (type.kind() == Kind.STRING) {
                values.constant = new byte[0];
            }
            return values;
        }
        String text = literal.value().get();
        ColumnValues values = new ColumnValues(type, count);
        switch (type.kind()) {
            case BOOLEAN:
                values.longs = filled(count, Boolean.parseBoolean(text) ? 1 : 0);
                return values;
            case INT:
            case LONG:
            case DATE:
                values.longs = filled(count, Long.parseLong(text));
                return values;
            case DOUBLE:
                values.doubles = new double[count];
                java.util.Arrays.fill(values.doubles, Double.parseDouble(text));
                return values;
            case DECIMAL:
                BigDecimal decimal = new BigDecimal(text).setScale(type.scale());
                values.longs = new long[count];
                if (decimal.unscaledValue().bitLength() < 64) {
                    java.util.Arrays.fill(values.longs, decimal.unscaledValue().longValue());
                } else {
                    for (int i = 0; i < count; i++) {
                        values.setWide(i, decimal);
                    }
                }
                return values;
            case STRING:
                return ColumnValues.constantString(text, count, type);
        }
        throw new IllegalStateException("unknown kind " + type.kind());
    }

    private static long[] filled(int count, long value) {
        long[] longs = new long[count];
        java.util.Arrays.fill(longs, value);
        return longs;
    }

    private ColumnValues call(Call call, VectorSchemaRoot batch, int[] rows, int count,
            Map<ScanExpression, ColumnValues> computed) {
        List<ScanExpression> operands = call.operands();
        Operator operator = call.operator();
        switch (operator) {
            case AND:
            case OR:
                ColumnValues result = evaluate(operands.get(0), batch, rows, count, computed);
                for (int i = 1; i < operands.size(); i++) {
                    result = Logic.combine(operator == Operator.AND, result,
                            evaluate(operands.get(i), batch, rows, count, computed));
                }
                return result;
            case NOT:
                return Logic.not(evaluate(operands.get(0), batch, rows, count, computed));
            case IS_NULL:
            case IS_NOT_NULL:
                return Logic.isNull(evaluate(operands.get(0), batch, rows, count, computed), operator == Operator.IS_NULL);
            case CAST:
                return convert(evaluate(operands.get(0), batch, rows, count, computed), call.type());
            case ADD:
            case SUBTRACT:
            case MULTIPLY:
                return Arithmetic.apply(operator, evaluate(operands.get(0), batch, rows, count, computed),
                        evaluate(operands.get(1), batch, rows, count, computed), call.type());
            case EQUAL:
            case NOT_EQUAL:
            case LESS:
            case LESS_OR_EQUAL:
            case GREATER:
            case GREATER_OR_EQUAL:
                return Comparison.apply(operator, evaluate(operands.get(0), batch, rows, count, computed),
                        evaluate(operands.get(1), batch, rows, count, computed), call.type());
        }
        throw new IllegalStateException("unknown operator " + operator);
    }

    /** Converts values to a numeric type: widening, or a decimal to a scale at least its own. */
    static ColumnValues convert(ColumnValues values, ScanType target) {
        Kind from = values.type.kind();
        Kind to = target.kind();
        if (from == to && (to != Kind.DECIMAL || values.type.scale() == target.scale())) {
            return values;
        }
        ColumnValues result = new ColumnValues(target, values.count);
        result.nulls = values.nulls;
        int count = values.count;
        if ((from == Kind.INT || from == Kind.LONG) && (to == Kind.INT || to == Kind.LONG)) {
            result.longs = values.longs;
            if (to == Kind.INT) {
                for (int i = 0; i < count; i++) {
                    if (!values.isNull(i) && values.longs[i] != (int) values.longs[i]) {
                        throw outOfRange(target);
                    }
                }
            }
            return result;
        }
        if (to == Kind.DOUBLE && (from == Kind.INT || from == Kind.LONG || from == Kind.DECIMAL)) {
            result.doubles = new double[count];
            if (from == Kind.DECIMAL) {
                double divisor = Math.pow(10, values.type.scale());
                for (int i = 0; i < count; i++) {
                    long unscaled = values.longs[i];
                    // Both operands are exact doubles, so the quotient is rounded once, like BigDecimal.doubleValue.
                    result.doubles[i] = values.isWide(i) || Math.abs(unscaled) >= (1L << 53) || values.type.scale() > 22
                            ? values.decimal(i).doubleValue() : unscaled / divisor;
                }
            } else {
                for (int i = 0; i < count; i++) {
                    result.doubles[i] = values.longs[i];
                }
            }
            return result;
        }
        if (to == Kind.DECIMAL && (from == Kind.INT || from == Kind.LONG || from == Kind.DECIMAL)) {
            int fromScale = from == Kind.DECIMAL ? values.type.scale() : 0;
            int shift = target.scale() - fromScale;
            if (shift < 0) {
                throw new IllegalArgumentException("cannot lower the scale of " + values.type + " to " + target);
            }
            result.longs = new long[count];
            long factor = shift < POWERS_OF_TEN.length ? POWERS_OF_TEN[shift] : 0;
            long limit = shift < POWERS_OF_TEN.length ? Long.MAX_VALUE / factor : 0;
            if (values.nulls == null && values.wide == null && shift < POWERS_OF_TEN.length) {
                long[] unconverted = values.longs;
                for (int i = 0; i < count; i++) {
                    long value = unconverted[i];
                    result.longs[i] = value * factor;
                    if (value > limit || value < -limit) {
                        result.setWide(i, BigDecimal.valueOf(value, fromScale).setScale(target.scale()));
                        result.longs[i] = 0;
                    }
                }
                return result;
            }
            for (int i = 0; i < count; i++) {
                if (values.isNull(i)) {
                    continue;
                }
                if (values.isWide(i) || shift >= POWERS_OF_TEN.length) {
                    result.setWide(i, wideOf(values, i).setScale(target.scale()));
                    continue;
                }
                long value = values.longs[i];
                if (value > limit || value < -limit) {
                    result.setWide(i, BigDecimal.valueOf(value, fromScale).setScale(target.scale()));
                } else {
                    result.longs[i] = value * factor;
                }
            }
            return result;
        }
        throw new IllegalArgumentException("cannot convert " + values.type + " to " + target);
    }

    private static BigDecimal wideOf(ColumnValues values, int position) {
        return values.type.kind() == Kind.DECIMAL ? values.decimal(position) : BigDecimal.valueOf(values.longs[position]);
    }

    static SqeException outOfRange(ScanType type) {
        return new SqeException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                "A value does not fit type " + type + "; cast the column to a wider type such as bigint or decimal");
    }
}
