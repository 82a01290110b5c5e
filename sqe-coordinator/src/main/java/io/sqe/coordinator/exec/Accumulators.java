package io.sqe.coordinator.exec;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/** The aggregate functions of the hash aggregation: one state per group, in arrays indexed by group number. */
final class Accumulators {
    private Accumulators() {}

    /** The state of one aggregate call over all groups. */
    abstract static class Accumulator {
        /** Adds rows {@code 0..size)} of {@code batch}, row {@code i} to group {@code groupOfRow[i]}. */
        abstract void add(Batch batch, int[] groupOfRow, int groups);

        /** The aggregate of each group, of the call's type. */
        abstract Column result(int groups);

        abstract long retainedBytes();
    }

    static Accumulator create(AggregateCall call, RelDataType inputRowType) {
        if (call.isDistinct() || call.hasFilter() || call.isApproximate()
                || !call.collation.getFieldCollations().isEmpty()) {
            throw new Unsupported("aggregate " + call);
        }
        RelDataType type = call.getType();
        ValueKind.required(type);
        int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
        RelDataType argumentType = argument < 0 ? null : inputRowType.getFieldList().get(argument).getType();
        switch (call.getAggregation().getKind()) {
            case COUNT:
                if (call.getArgList().size() > 1) {
                    throw new Unsupported("COUNT of several columns");
                }
                return new Count(argument);
            case SUM:
            case SUM0: {
                boolean zeroWhenEmpty = call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.SUM0;
                ValueKind kind = ValueKind.required(argumentType);
                if (kind == ValueKind.DOUBLE) {
                    return new DoubleSum(argument, zeroWhenEmpty, argumentType, type);
                }
                if (kind == ValueKind.LONG || kind == ValueKind.DECIMAL) {
                    return new ExactSum(argument, zeroWhenEmpty, argumentType, type);
                }
                throw new Unsupported("SUM of " + argumentType);
            }
            case MIN:
            case MAX:
            case SINGLE_VALUE:
            case ANY_VALUE:
                if (!Casts.supported(argumentType, type) && argumentType.getSqlTypeName() != type.getSqlTypeName()) {
                    throw new Unsupported(call.getAggregation().getName() + " of " + argumentType + " as " + type);
                }
                return new Extreme(argument, call.getAggregation().getKind(), argumentType, type);
            case LITERAL_AGG:
                if (call.rexList.size() != 1 || !(call.rexList.get(0) instanceof org.apache.calcite.rex.RexLiteral)) {
                    throw new Unsupported("aggregate " + call);
                }
                return new Constant(
                        ExpressionCompiler.literal((org.apache.calcite.rex.RexLiteral) call.rexList.get(0)));
            default:
                throw new Unsupported("aggregate function " + call.getAggregation().getName());
        }
    }

    private static int capacityFor(int groups, int current) {
        int capacity = Math.max(16, current);
        while (capacity < groups) {
            capacity *= 2;
        }
        return capacity;
    }

    /** LITERAL_AGG: the same constant for every group (the planner's marker of a matched sub-query row). */
    private static final class Constant extends Accumulator {
        private final Expr literal;

        Constant(Expr literal) {
            this.literal = literal;
        }

        @Override
        void add(Batch batch, int[] groupOfRow, int groups) {
        }

        @Override
        Column result(int groups) {
            return literal.evaluate(new Batch(groups, new Column[0]));
        }

        @Override
        long retainedBytes() {
            return 0;
        }
    }

    private static final class Count extends Accumulator {
        private final int argument;
        private long[] counts = new long[16];

        Count(int argument) {
            this.argument = argument;
        }

        @Override
        void add(Batch batch, int[] groupOfRow, int groups) {
            if (counts.length < groups) {
                counts = Arrays.copyOf(counts, capacityFor(groups, counts.length));
            }
            Column values = argument < 0 ? null : batch.column(argument);
            if (values == null || !values.mayHaveNulls()) {
                for (int i = 0; i < batch.size; i++) {
                    counts[groupOfRow[i]]++;
                }
            } else {
                for (int i = 0; i < batch.size; i++) {
                    if (!values.nulls[i]) {
                        counts[groupOfRow[i]]++;
                    }
                }
            }
        }

        @Override
        Column result(int groups) {
            return Column.ofLongs(ValueKind.LONG, Arrays.copyOf(counts, groups), null, groups);
        }

        @Override
        long retainedBytes() {
            return 8L * counts.length;
        }
    }

    /** SUM of integers or decimals: a long per group while it fits, a BigDecimal for a group from then on. */
    private static final class ExactSum extends Accumulator {
        private final int argument;
        private final boolean zeroWhenEmpty;
        private final int scale;
        private final RelDataType sumType;
        private final RelDataType resultType;
        private long[] sums = new long[16];
        private boolean[] seen = new boolean[16];
        private BigDecimal[] wide;

        ExactSum(int argument, boolean zeroWhenEmpty, RelDataType argumentType, RelDataType resultType) {
            this.argument = argument;
            this.zeroWhenEmpty = zeroWhenEmpty;
            this.scale = Arithmetic.scaleOf(argumentType);
            this.resultType = resultType;
            this.sumType = new org.apache.calcite.sql.type.BasicSqlType(
                    org.apache.calcite.rel.type.RelDataTypeSystem.DEFAULT, SqlTypeName.DECIMAL, 38, scale);
        }

        @Override
        void add(Batch batch, int[] groupOfRow, int groups) {
            if (sums.length < groups) {
                int capacity = capacityFor(groups, sums.length);
                sums = Arrays.copyOf(sums, capacity);
                seen = Arrays.copyOf(seen, capacity);
                if (wide != null) {
                    wide = Arrays.copyOf(wide, capacity);
                }
            }
            Column values = batch.column(argument);
            for (int i = 0; i < batch.size; i++) {
                if (values.isNull(i)) {
                    continue;
                }
                int group = groupOfRow[i];
                seen[group] = true;
                if (values.isWide()) {
                    addWide(group, values.decimals[i]);
                    continue;
                }
                if (wide != null && wide[group] != null) {
                    wide[group] = wide[group].add(BigDecimal.valueOf(values.longs[i], scale));
                    continue;
                }
                long sum = sums[group];
                long value = values.longs[i];
                long result = sum + value;
                if (((sum ^ result) & (value ^ result)) < 0) {
                    addWide(group, BigDecimal.valueOf(value, scale));
                } else {
                    sums[group] = result;
                }
            }
        }

        private void addWide(int group, BigDecimal value) {
            if (wide == null) {
                wide = new BigDecimal[sums.length];
            }
            if (wide[group] == null) {
                wide[group] = BigDecimal.valueOf(sums[group], scale);
            }
            wide[group] = wide[group].add(value);
        }

        @Override
        Column result(int groups) {
            boolean[] nulls = new boolean[groups];
            if (!zeroWhenEmpty) {
                for (int g = 0; g < groups; g++) {
                    nulls[g] = !seen[g];
                }
            }
            Column sum;
            if (wide == null) {
                sum = Column.ofLongs(ValueKind.DECIMAL, Arrays.copyOf(sums, groups), nulls, groups);
            } else {
                BigDecimal[] values = new BigDecimal[groups];
                for (int g = 0; g < groups; g++) {
                    values[g] = nulls[g] ? null : wide[g] != null ? wide[g] : BigDecimal.valueOf(sums[g], scale);
                }
                sum = Column.decimalsNarrowedIfPossible(values, nulls, groups);
            }
            if (ValueKind.required(resultType) == ValueKind.LONG) {
                if (sum.isWide()) {
                    throw Casts.outOfRange(resultType);
                }
                return Casts.checkRange(Column.ofLongs(ValueKind.LONG, sum.longs, sum.nulls, groups), resultType);
            }
            return Casts.convert(sum, sumType, resultType);
        }

        @Override
        long retainedBytes() {
            return 9L * sums.length + (wide == null ? 0 : 56L * wide.length);
        }
    }

    private static final class DoubleSum extends Accumulator {
        private final int argument;
        private final boolean zeroWhenEmpty;
        private final RelDataType argumentType;
        private final RelDataType resultType;
        private double[] sums = new double[16];
        private boolean[] seen = new boolean[16];

        DoubleSum(int argument, boolean zeroWhenEmpty, RelDataType argumentType, RelDataType resultType) {
            this.argument = argument;
            this.zeroWhenEmpty = zeroWhenEmpty;
            this.argumentType = argumentType;
            this.resultType = resultType;
            if (ValueKind.required(resultType) != ValueKind.DOUBLE) {
                throw new Unsupported("SUM of " + argumentType + " as " + resultType);
            }
        }

        @Override
        void add(Batch batch, int[] groupOfRow, int groups) {
            if (sums.length < groups) {
                int capacity = capacityFor(groups, sums.length);
                sums = Arrays.copyOf(sums, capacity);
                seen = Arrays.copyOf(seen, capacity);
            }
            Column values = batch.column(argument);
            for (int i = 0; i < batch.size; i++) {
                if (!values.isNull(i)) {
                    sums[groupOfRow[i]] += values.doubles[i];
                    seen[groupOfRow[i]] = true;
                }
            }
        }

        @Override
        Column result(int groups) {
            boolean[] nulls = new boolean[groups];
            if (!zeroWhenEmpty) {
                for (int g = 0; g < groups; g++) {
                    nulls[g] = !seen[g];
                }
            }
            return Column.ofDoubles(Arrays.copyOf(sums, groups), nulls, groups);
        }

        @Override
        long retainedBytes() {
            return 9L * sums.length;
        }
    }

    /** MIN, MAX, SINGLE_VALUE and ANY_VALUE: the group's chosen row of its input, kept by reference. */
    private static final class Extreme extends Accumulator {
        private final int argument;
        private final org.apache.calcite.sql.SqlKind function;
        private final RelDataType argumentType;
        private final RelDataType resultType;
        private final int scale;
        /** The batch and row holding each group's current value; batches stay alive while a group points at them. */
        private Column[] holders = new Column[16];
        private int[] rows = new int[16];
        private long[] counts = new long[16];
        private int[] changedGroups = new int[16];
        private int[] changedStamp = new int[16];
        private int stamp;

        Extreme(int argument, org.apache.calcite.sql.SqlKind function, RelDataType argumentType,
                RelDataType resultType) {
            this.argument = argument;
            this.function = function;
            this.argumentType = argumentType;
            this.resultType = resultType;
            this.scale = Arithmetic.scaleOf(argumentType);
        }

        @Override
        void add(Batch batch, int[] groupOfRow, int groups) {
            if (holders.length < groups) {
                int capacity = capacityFor(groups, holders.length);
                holders = Arrays.copyOf(holders, capacity);
                rows = Arrays.copyOf(rows, capacity);
                counts = Arrays.copyOf(counts, capacity);
                changedGroups = Arrays.copyOf(changedGroups, capacity);
                changedStamp = Arrays.copyOf(changedStamp, capacity);
            }
            Column values = batch.column(argument);
            stamp++;
            int changed = 0;
            boolean single = function == org.apache.calcite.sql.SqlKind.SINGLE_VALUE;
            for (int i = 0; i < batch.size; i++) {
                int group = groupOfRow[i];
                if (single) {
                    if (++counts[group] > 1) {
                        throw new SqeException(ErrorCode.SUBQUERY_MULTIPLE_ROWS,
                                "Scalar sub-query has returned multiple rows");
                    }
                    holders[group] = values;
                    rows[group] = i;
                    changed = markChanged(group, changed);
                    continue;
                }
                if (values.isNull(i)) {
                    continue;
                }
                Column holder = holders[group];
                if (holder == null || function != org.apache.calcite.sql.SqlKind.ANY_VALUE && better(values, i,
                        holder, rows[group])) {
                    holders[group] = values;
                    rows[group] = i;
                    changed = markChanged(group, changed);
                }
            }
            if (changed > 0) {
                compact(values, changed);
            }
        }

        private int markChanged(int group, int changed) {
            if (changedStamp[group] != stamp) {
                changedStamp[group] = stamp;
                changedGroups[changed++] = group;
            }
            return changed;
        }

        private boolean better(Column values, int row, Column holder, int holderRow) {
            int order = Comparisons.compareRows(values, row, holder, holderRow, scale);
            return function == org.apache.calcite.sql.SqlKind.MIN ? order < 0 : order > 0;
        }

        /** Copies the values the changed groups point at out of {@code batchColumn}, so the batch can be freed. */
        private void compact(Column batchColumn, int changed) {
            int[] picked = new int[changed];
            for (int i = 0; i < changed; i++) {
                picked[i] = rows[changedGroups[i]];
            }
            Column copy = batchColumn.gather(picked, changed);
            for (int i = 0; i < changed; i++) {
                holders[changedGroups[i]] = copy;
                rows[changedGroups[i]] = i;
            }
        }

        @Override
        Column result(int groups) {
            Column values = Choice.pick(ValueKind.required(argumentType), scale, holders, rows, groups);
            return Casts.supported(argumentType, resultType) ? Casts.convert(values, argumentType, resultType) : values;
        }

        @Override
        long retainedBytes() {
            return 20L * holders.length;
        }
    }
}
