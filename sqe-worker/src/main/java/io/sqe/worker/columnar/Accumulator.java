package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanAggregation.Aggregate;
import io.sqe.planner.aggregation.ScanAggregation.Function;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The per-group state of one aggregate call, in primitive arrays indexed by group number: counts and sums of
 * integers in longs, of doubles in doubles, decimals unscaled in longs until a group's sum leaves the long range
 * (then that group continues in a BigDecimal), string minima and maxima as bytes.
 */
final class Accumulator {
    private final Aggregate aggregate;
    private final ScanType argumentType;
    private long[] longs = new long[16];
    private double[] doubles;
    private BigDecimal[] wide;
    private boolean[] seen = new boolean[16];
    private byte[][] strings;

    Accumulator(Aggregate aggregate, ScanType argumentType) {
        this.aggregate = aggregate;
        this.argumentType = argumentType;
        if (argumentType != null && argumentType.kind() == Kind.DOUBLE) {
            doubles = new double[16];
        }
        if (argumentType != null && argumentType.kind() == Kind.STRING) {
            strings = new byte[16][];
        }
        validate();
    }

    private void validate() {
        ScanType result = aggregate.resultType();
        boolean valid;
        switch (aggregate.function()) {
            case COUNT_STAR:
            case COUNT:
                valid = result.kind() == Kind.LONG;
                break;
            case SUM:
                Kind argument = argumentType.kind();
                valid = argument == Kind.DECIMAL ? result.kind() == Kind.DECIMAL && result.scale() == argumentType.scale()
                        : (argument == Kind.INT || argument == Kind.LONG || argument == Kind.DOUBLE)
                        && (result.kind() == argument || argument == Kind.INT && result.kind() == Kind.LONG);
                break;
            case MIN:
            case MAX:
                valid = result.kind() == argumentType.kind() && result.scale() == argumentType.scale();
                break;
            default:
                valid = false;
        }
        if (!valid) {
            throw new IllegalArgumentException("cannot compute " + aggregate + " of " + argumentType + " as "
                    + aggregate.resultType());
        }
    }

    private void ensure(int groups) {
        if (groups <= longs.length) {
            return;
        }
        int size = Math.max(groups, longs.length * 2);
        longs = Arrays.copyOf(longs, size);
        seen = Arrays.copyOf(seen, size);
        if (doubles != null) {
            doubles = Arrays.copyOf(doubles, size);
        }
        if (wide != null) {
            wide = Arrays.copyOf(wide, size);
        }
        if (strings != null) {
            strings = Arrays.copyOf(strings, size);
        }
    }

    void add(int[] groupOfRow, ColumnValues argument, int count, int groups) {
        ensure(groups);
        Function function = aggregate.function();
        if (function == Function.COUNT_STAR) {
            if (groups == 1) {
                longs[0] += count;
                return;
            }
            for (int i = 0; i < count; i++) {
                longs[groupOfRow[i]]++;
            }
            return;
        }
        if (function == Function.COUNT) {
            for (int i = 0; i < count; i++) {
                if (!argument.isNull(i)) {
                    longs[groupOfRow[i]]++;
                }
            }
            return;
        }
        switch (argumentType.kind()) {
            case DOUBLE:
                addDoubles(groupOfRow, argument, count);
                return;
            case STRING:
                addStrings(groupOfRow, argument, count);
                return;
            default:
                if (function == Function.SUM && argument.nulls == null && argument.wide == null && wide == null
                        && (groups == 1 ? addDenseSum(argument.longs, count) : addDenseSums(groupOfRow, argument.longs,
                                count))) {
                    return;
                }
                addLongs(groupOfRow, argument, count);
        }
    }

    /**
     * Adds values that are all present and all fit a long to the one group, in a loop without branches; false, with
     * nothing added, when the sum leaves the long range (the general path then carries it on in a BigDecimal).
     */
    private boolean addDenseSum(long[] values, int count) {
        long sum = longs[0];
        long overflow = 0;
        for (int i = 0; i < count; i++) {
            long value = values[i];
            long next = sum + value;
            overflow |= (sum ^ next) & (value ^ next);
            sum = next;
        }
        if (overflow < 0) {
            return false;
        }
        longs[0] = sum;
        seen[0] |= count > 0;
        return true;
    }

    /**
     * {@link #addDenseSum} for many groups. A group not seen yet holds 0, so every row just adds. When a sum
     * overflows, the loop is undone (wrapping addition reverses exactly) and false returned.
     */
    private boolean addDenseSums(int[] groupOfRow, long[] values, int count) {
        long overflow = 0;
        for (int i = 0; i < count; i++) {
            int group = groupOfRow[i];
            long value = values[i];
            long sum = longs[group];
            long next = sum + value;
            overflow |= (sum ^ next) & (value ^ next);
            longs[group] = next;
            seen[group] = true;
        }
        if (overflow >= 0) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            longs[groupOfRow[i]] -= values[i];
        }
        return false;
    }

    private void addDoubles(int[] groupOfRow, ColumnValues argument, int count) {
        Function function = aggregate.function();
        for (int i = 0; i < count; i++) {
            if (argument.isNull(i)) {
                continue;
            }
            int group = groupOfRow[i];
            double value = argument.doubles[i];
            if (!seen[group]) {
                seen[group] = true;
                doubles[group] = value;
            } else if (function == Function.SUM) {
                doubles[group] += value;
            } else if (function == Function.MIN ? Double.compare(value, doubles[group]) < 0
                    : Double.compare(value, doubles[group]) > 0) {
                doubles[group] = value;
            }
        }
    }

    private void addStrings(int[] groupOfRow, ColumnValues argument, int count) {
        boolean min = aggregate.function() == Function.MIN;
        ColumnValues current = new ColumnValues(argumentType, 1);
        for (int i = 0; i < count; i++) {
            if (argument.isNull(i)) {
                continue;
            }
            int group = groupOfRow[i];
            if (seen[group]) {
                current.constant = strings[group];
                int order = ColumnValues.compareStrings(argument, i, current, 0);
                if (min ? order >= 0 : order <= 0) {
                    continue;
                }
            }
            seen[group] = true;
            strings[group] = argument.stringBytes(i);
        }
    }

    private void addLongs(int[] groupOfRow, ColumnValues argument, int count) {
        Function function = aggregate.function();
        boolean decimal = argumentType.kind() == Kind.DECIMAL;
        for (int i = 0; i < count; i++) {
            if (argument.isNull(i)) {
                continue;
            }
            int group = groupOfRow[i];
            if (decimal && (argument.isWide(i) || wide != null && wide[group] != null)) {
                addWide(group, argument.decimal(i));
                continue;
            }
            long value = argument.longs[i];
            if (!seen[group]) {
                seen[group] = true;
                longs[group] = value;
            } else if (function == Function.SUM) {
                long sum = longs[group] + value;
                if (((longs[group] ^ sum) & (value ^ sum)) < 0) {
                    if (!decimal) {
                        throw ExpressionEvaluator.outOfRange(aggregate.resultType());
                    }
                    addWide(group, BigDecimal.valueOf(value, argumentType.scale()));
                } else {
                    longs[group] = sum;
                }
            } else if (function == Function.MIN ? value < longs[group] : value > longs[group]) {
                longs[group] = value;
            }
        }
    }

    private void addWide(int group, BigDecimal value) {
        if (wide == null) {
            wide = new BigDecimal[longs.length];
        }
        BigDecimal current = wide[group] != null ? wide[group]
                : seen[group] ? BigDecimal.valueOf(longs[group], argumentType.scale()) : null;
        seen[group] = true;
        if (current == null) {
            wide[group] = value;
        } else if (aggregate.function() == Function.SUM) {
            wide[group] = current.add(value);
        } else {
            int order = value.compareTo(current);
            wide[group] = (aggregate.function() == Function.MIN ? order < 0 : order > 0) ? value : current;
        }
    }

    void write(OutputColumn output, int group, int row) {
        Function function = aggregate.function();
        if (function == Function.COUNT_STAR || function == Function.COUNT) {
            output.writeLong(row, longs[group]);
            return;
        }
        if (!seen[group]) {
            output.writeNull(row);
        } else if (strings != null) {
            output.writeBytes(row, strings[group]);
        } else if (doubles != null) {
            output.writeDouble(row, doubles[group]);
        } else if (wide != null && wide[group] != null) {
            output.writeDecimal(row, wide[group]);
        } else {
            output.writeLong(row, longs[group]);
        }
    }
}
