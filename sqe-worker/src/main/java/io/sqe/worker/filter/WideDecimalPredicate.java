package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.DecimalVector;
import org.apache.iceberg.expressions.Expression.Operation;

/**
 * A comparison, IN or NOT IN on a decimal column too wide for {@link KeyKind#DECIMAL64}: 128-bit two's complement
 * values compared as (signed high word, unsigned low word), literals converted once to the column's scale.
 */
final class WideDecimalPredicate implements FilterNode {
    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final ColumnAccess column;
    private final Operation op;
    private final long[] highs;
    private final long[] lows;

    /** @param literals unscaled at the column's scale */
    WideDecimalPredicate(ColumnAccess column, Operation op, List<BigDecimal> literals) {
        this.column = requireNonNull(column, "column is null");
        this.op = requireNonNull(op, "op is null");
        this.highs = new long[literals.size()];
        this.lows = new long[literals.size()];
        for (int i = 0; i < literals.size(); i++) {
            BigInteger unscaled = literals.get(i).unscaledValue();
            if (unscaled.bitLength() > 127) {
                throw new IllegalArgumentException("decimal literal " + literals.get(i) + " exceeds 128 bits");
            }
            lows[i] = unscaled.and(LOW_MASK).longValue();
            highs[i] = unscaled.shiftRight(64).longValue();
        }
    }

    @Override
    public int filter(int offset, int[] rows, int count) {
        if (count == 0) {
            return 0;
        }
        int base = column.base(offset);
        long address = ColumnAccess.checkedAddress(column.vector.getDataBuffer(),
                (long) (base + rows[count - 1] + 1) * DecimalVector.TYPE_WIDTH) + (long) base * DecimalVector.TYPE_WIDTH;
        boolean set = op == Operation.IN || op == Operation.NOT_IN;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            long low = MemoryUtil.getLong(address + 16L * row);
            long high = MemoryUtil.getLong(address + 16L * row + 8);
            boolean keep;
            if (set) {
                boolean found = false;
                for (int j = 0; j < lows.length; j++) {
                    found |= low == lows[j] && high == highs[j];
                }
                keep = found == (op == Operation.IN);
            } else {
                int order = high != highs[0] ? Long.compare(high, highs[0]) : Long.compareUnsigned(low, lows[0]);
                keep = FilterExpressions.outcome(op, order);
            }
            rows[kept] = row;
            kept += keep ? 1 : 0;
        }
        return column.dropNulls(offset, rows, kept);
    }
}
