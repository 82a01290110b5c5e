package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.iceberg.expressions.Expression;

/**
 * Hash join on equal keys, with an optional condition on the matched pairs. The build side is read whole into a
 * hash index; the probe side streams through it. The build side is the right input, or the left one for an inner,
 * semi or anti join whose left input is estimated smaller. A semi or anti join that builds its left side marks the
 * build rows the probe rows match, and outputs the marked (semi) or unmarked (anti) ones at the end. Null keys match
 * nothing. Types: INNER, LEFT, RIGHT, FULL, SEMI, ANTI.
 */
final class HashJoinNode extends PlanNode {
    private final JoinRelType joinType;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final Expr remaining;
    private final String remainingText;
    private final boolean buildLeft;
    /**
     * The output columns, as positions in the row of the left input's columns then the right's (the left input's
     * only, for SEMI and ANTI). A column no operator above reads, such as a key only this join reads, is not among
     * them and is never gathered.
     */
    private final int[] outputLayout;
    /**
     * The columns gathered for each matched pair, as positions in the same row, ascending: those {@link #remaining}
     * reads and, when the join outputs its pairs, the output columns.
     */
    private final int[] pairColumns;
    /** Where each output column is among {@link #pairColumns}, when the join outputs its pairs. */
    private final int[] outputColumns;
    /** Whether the join outputs fewer columns than its inputs' row (or the left one's, when it outputs no pairs). */
    private final boolean narrowed;
    /** The scan column each probe key's join filter goes to, or null (see {@link JoinFilter}). */
    private final JoinFilter.Target[] filterTargets;

    /**
     * A join of {@code left} and {@code right} that outputs the columns at {@code outputLayout}, gathers the columns
     * at {@code pairColumns} for each matched pair, and keeps a pair when {@code remaining}, compiled over the
     * {@code pairColumns} in their order, is true (no condition when null). Both are positions in the row of the
     * left input's columns then the right's.
     */
    HashJoinNode(RelDataType rowType, PlanNode left, PlanNode right, JoinRelType joinType, int[] leftKeys,
            int[] rightKeys, Expr remaining, String remainingText, boolean buildLeft, int[] pairColumns,
            int[] outputLayout) {
        super(rowType, List.of(left, right));
        this.joinType = requireNonNull(joinType, "joinType is null");
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.remaining = remaining;
        this.remainingText = remainingText;
        if (buildLeft && !buildsLeftSide(joinType)) {
            throw new IllegalArgumentException("only an inner, semi or anti join builds its left side");
        }
        this.buildLeft = buildLeft;
        if (outputLayout.length != rowType.getFieldCount()) {
            throw new IllegalArgumentException(outputLayout.length + " output columns for " + rowType);
        }
        int leftWidth = left.rowType().getFieldCount();
        int width = joinType.projectsRight() ? leftWidth + right.rowType().getFieldCount() : leftWidth;
        requireAscending(outputLayout, width);
        this.narrowed = outputLayout.length < width;
        requireAscending(pairColumns, leftWidth + right.rowType().getFieldCount());
        this.outputLayout = outputLayout.clone();
        this.pairColumns = pairColumns.clone();
        this.outputColumns = new int[outputLayout.length];
        for (int i = 0; outputsPairs() && i < outputLayout.length; i++) {
            outputColumns[i] = Arrays.binarySearch(pairColumns, outputLayout[i]);
            if (outputColumns[i] < 0) {
                throw new IllegalArgumentException("output column $" + outputLayout[i] + " is not a pair column");
            }
        }
        this.filterTargets = new JoinFilter.Target[leftKeys.length];
        if (dropsUnmatchedProbeRows()) {
            PlanNode probe = buildLeft ? right : left;
            int[] probeKeys = buildLeft ? rightKeys : leftKeys;
            for (int i = 0; i < probeKeys.length; i++) {
                filterTargets[i] = probe.joinFilterTarget(probeKeys[i]).orElse(null);
            }
        }
    }

    /** Whether a probe row that matches no build row adds nothing to the output, so a join filter may remove it. */
    private boolean dropsUnmatchedProbeRows() {
        switch (joinType) {
            case INNER:
            case SEMI:
            case RIGHT:
                return true;
            case ANTI:
                return buildLeft;
            default:
                return false;
        }
    }

    /** A column passes through from its input; a join filter on it applies below the join (see {@link JoinFilter}). */
    @Override
    Optional<JoinFilter.Target> joinFilterTarget(int column) {
        int position = outputLayout[column];
        int leftColumns = inputs().get(0).rowType().getFieldCount();
        return position < leftColumns ? inputs().get(0).joinFilterTarget(position)
                : inputs().get(1).joinFilterTarget(position - leftColumns);
    }

    private static void requireAscending(int[] positions, int width) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= width || i > 0 && positions[i] <= positions[i - 1]) {
                throw new IllegalArgumentException("columns " + Arrays.toString(positions) + " of a row of " + width);
            }
        }
    }

    /** Whether the matched pairs are output: they are for every join type but SEMI and ANTI. */
    private boolean outputsPairs() {
        return joinType.projectsRight();
    }

    /** Whether a join of {@code type} can build its hash table on its left input. */
    static boolean buildsLeftSide(JoinRelType type) {
        return type == JoinRelType.INNER || type == JoinRelType.SEMI || type == JoinRelType.ANTI;
    }

    @Override
    String describe() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < leftKeys.length; i++) {
            keys.append(i == 0 ? "" : ", ").append('$').append(leftKeys[i]).append(" = $")
                    .append(rightKeys[i] + inputs().get(0).rowType().getFieldCount());
        }
        StringBuilder outputs = new StringBuilder();
        if (narrowed) {
            outputs.append(", outputs=[");
            for (int i = 0; i < outputLayout.length; i++) {
                outputs.append(i == 0 ? "$" : ", $").append(outputLayout[i]);
            }
            outputs.append(']');
        }
        return "HashJoin[" + joinType + ", keys=[" + keys + "]"
                + (remaining == null ? "" : ", condition=" + remainingText) + outputs
                + ", build=" + (buildLeft ? "left" : "right") + joinFiltersText() + "]";
    }

    private String joinFiltersText() {
        StringBuilder text = new StringBuilder();
        for (JoinFilter.Target target : filterTargets) {
            if (target != null) {
                text.append(text.length() == 0 ? ", joinFilters=[" : ", ").append(target);
            }
        }
        return text.length() == 0 ? "" : text.append(']').toString();
    }

    @Override
    Operator open(ExecutionContext context) {
        return new JoinOperator(context);
    }

    private final class JoinOperator implements Operator {
        private final ExecutionContext context;
        private final Operator probeInput;
        private final Operator buildInput;
        private final MemoryReservation memory;
        private final int[] probeKeys;
        private final int[] buildKeys;
        private final int limit;
        private Batch build;
        private Column[] buildKeyColumns;
        /** The build side by key value, when its keys pack into longs ({@link PackedKeys}); else {@link #index}. */
        private LongKeyIndex longIndex;
        private HashIndex index;
        private boolean[] buildMatched;
        private Batch probe;
        private Column[] probeKeyColumns;
        private long[] probeHashes;
        /** The {@link LongKeyIndex} entry of each probe row, all found before any is paired. */
        private long[] probeEntries;
        private boolean[] probeMatched;
        private int probeRow;
        private int chain = -2;
        /** The build rows of the current probe row still to pair, positions in {@link LongKeyIndex#row}. */
        private int matchPosition;
        private int matchEnd;
        private boolean probeDone;
        private boolean finished;

        JoinOperator(ExecutionContext context) {
            Operator left = openInput(0, context);
            Operator right;
            try {
                right = openInput(1, context);
            } catch (RuntimeException | Error e) {
                left.close();
                throw e;
            }
            this.probeInput = buildLeft ? right : left;
            this.buildInput = buildLeft ? left : right;
            this.probeKeys = buildLeft ? rightKeys : leftKeys;
            this.buildKeys = buildLeft ? leftKeys : rightKeys;
            this.context = context;
            this.memory = context.newReservation();
            this.limit = context.batchRows();
        }

        private void buildSide() {
            PlanNode buildNode = inputs().get(buildLeft ? 0 : 1);
            build = Batches.readAll(buildInput, buildNode.rowType(), memory);
            buildInput.close();
            buildKeyColumns = Batches.columns(build, buildKeys);
            long indexBytes;
            PackedKeys packed = PackedKeys.ofBuild(buildKeyColumns, build.size);
            if (packed != null) {
                longIndex = new LongKeyIndex(packed.values, packed.nulls, build.size);
                indexBytes = longIndex.retainedBytes();
            } else {
                index = new HashIndex(build.size);
                for (long hash : Keys.hash(buildKeyColumns, build.size)) {
                    index.add(hash);
                }
                indexBytes = index.retainedBytes();
            }
            memory.ensure(2 * build.retainedBytes() + indexBytes);
            if (joinType == JoinRelType.RIGHT || joinType == JoinRelType.FULL || buildLeft && !outputsPairs()) {
                buildMatched = new boolean[build.size];
            }
            for (int i = 0; i < filterTargets.length; i++) {
                if (filterTargets[i] != null) {
                    Expression filter = JoinFilter.of(filterTargets[i].column(), buildKeyColumns[i], build.size);
                    if (filter != null) {
                        context.addJoinFilter(filterTargets[i].scan(), filter);
                    }
                }
            }
        }

        @Override
        public Batch next() {
            if (build == null) {
                buildSide();
            }
            while (!finished) {
                if (probe == null) {
                    if (probeDone || build.size == 0 && (buildLeft || joinType == JoinRelType.INNER
                            || joinType == JoinRelType.SEMI || joinType == JoinRelType.RIGHT)) {
                        finished = true;
                        return buildLeftovers();
                    }
                    Batch next = probeInput.next();
                    if (next == null) {
                        probeDone = true;
                        continue;
                    }
                    startProbe(next);
                }
                Batch output = probeChunk();
                if (output != null && output.size > 0) {
                    return output;
                }
            }
            return null;
        }

        private void startProbe(Batch batch) {
            probe = batch;
            probeKeyColumns = Batches.columns(batch, probeKeys);
            if (longIndex != null) {
                PackedKeys packed = PackedKeys.ofProbe(probeKeyColumns, batch.size);
                probeEntries = longIndex.findAll(packed.values, packed.nulls, batch.size);
            } else {
                probeHashes = Keys.hash(probeKeyColumns, batch.size);
            }
            probeMatched = new boolean[batch.size];
            probeRow = 0;
            chain = -2;
            matchPosition = 0;
            matchEnd = 0;
        }

        /** Matches the next probe rows, up to a batch of pairs; at the end of the probe batch, its leftovers. */
        private Batch probeChunk() {
            int[] pairProbe = new int[limit];
            int[] pairBuild = new int[limit];
            int pairs = longIndex != null ? pairByValue(pairProbe, pairBuild) : pairByHash(pairProbe, pairBuild);
            Batch matched = matchedPairs(pairProbe, pairBuild, pairs);
            if (probeRow < probe.size) {
                return matched;
            }
            Batch leftovers = probeLeftovers();
            probe = null;
            if (leftovers == null) {
                return matched;
            }
            if (matched == null || matched.size == 0) {
                return leftovers;
            }
            return Batches.concat(List.of(matched, leftovers), rowType());
        }

        private boolean firstMatchOnly() {
            // a probe row needs one match to be kept or dropped; a build row on the left needs its own mark
            return remaining == null && !buildLeft && !outputsPairs();
        }

        /** Pairs the next probe rows with the build rows of their key in {@link #longIndex}, up to a batch. */
        private int pairByValue(int[] pairProbe, int[] pairBuild) {
            boolean firstMatchOnly = firstMatchOnly();
            int pairs = 0;
            while (probeRow < probe.size && pairs < limit) {
                if (matchPosition == matchEnd) {
                    long entry = probeEntries[probeRow];
                    int count = LongKeyIndex.count(entry);
                    if (count <= 1) {
                        if (count == 1) {
                            pairProbe[pairs] = probeRow;
                            pairBuild[pairs] = LongKeyIndex.start(entry);
                            pairs++;
                        }
                        probeRow++;
                        continue;
                    }
                    matchPosition = LongKeyIndex.start(entry);
                    matchEnd = firstMatchOnly ? matchPosition + 1 : matchPosition + count;
                }
                while (matchPosition < matchEnd && pairs < limit) {
                    pairProbe[pairs] = probeRow;
                    pairBuild[pairs] = longIndex.row(matchPosition++);
                    pairs++;
                }
                if (matchPosition == matchEnd) {
                    probeRow++;
                }
            }
            return pairs;
        }

        /** Pairs the next probe rows with the build rows of equal keys along their hash chains, up to a batch. */
        private int pairByHash(int[] pairProbe, int[] pairBuild) {
            boolean firstMatchOnly = firstMatchOnly();
            int pairs = 0;
            while (probeRow < probe.size && pairs < limit) {
                if (chain == -2) {
                    if (Keys.anyNull(probeKeyColumns, probeRow)) {
                        probeRow++;
                        continue;
                    }
                    chain = index.first(probeHashes[probeRow]);
                }
                long hash = probeHashes[probeRow];
                while (chain >= 0 && pairs < limit) {
                    if (index.hashOf(chain) == hash
                            && Keys.equal(buildKeyColumns, chain, probeKeyColumns, probeRow)) {
                        pairProbe[pairs] = probeRow;
                        pairBuild[pairs] = chain;
                        pairs++;
                        if (firstMatchOnly) {
                            chain = -1;
                            break;
                        }
                    }
                    chain = index.next(chain);
                }
                if (chain < 0) {
                    probeRow++;
                    chain = -2;
                }
            }
            return pairs;
        }

        /** The pairs that pass the condition: marked, and returned when the join type outputs pairs. */
        private Batch matchedPairs(int[] pairProbe, int[] pairBuild, int pairs) {
            if (pairs == 0) {
                return null;
            }
            Batch output = null;
            if (remaining != null || outputsPairs()) {
                int[] probeRows = everyRowOnce(pairProbe, pairs, probe.size) ? null : pairProbe;
                Batch pairsBatch = rows(pairColumns, probe, probeRows, build, pairBuild, pairs);
                output = outputsPairs() ? select(pairsBatch, outputColumns) : null;
                if (remaining != null) {
                    int[] passing = new int[pairs];
                    int kept = Logic.selected(remaining.evaluate(pairsBatch), passing);
                    for (int i = 0; i < kept; i++) {
                        pairProbe[i] = pairProbe[passing[i]];
                        pairBuild[i] = pairBuild[passing[i]];
                    }
                    if (kept < pairs && output != null) {
                        output = output.gather(passing, kept);
                    }
                    pairs = kept;
                }
            }
            for (int i = 0; i < pairs; i++) {
                probeMatched[pairProbe[i]] = true;
                if (buildMatched != null) {
                    buildMatched[pairBuild[i]] = true;
                }
            }
            return output;
        }

        /**
         * The columns at {@code layout} (positions in the left-then-right row) of {@code count} rows: on the probe
         * side rows {@code probeRows} of {@code probeSide}, on the build side rows {@code buildRows} of
         * {@code buildSide}. A null batch gives null columns; null rows give the batch as it is.
         */
        private Batch rows(int[] layout, Batch probeSide, int[] probeRows, Batch buildSide, int[] buildRows,
                int count) {
            int leftWidth = inputs().get(0).rowType().getFieldCount();
            Column[] columns = new Column[layout.length];
            for (int i = 0; i < layout.length; i++) {
                boolean left = layout[i] < leftWidth;
                int column = left ? layout[i] : layout[i] - leftWidth;
                boolean fromBuild = left == buildLeft;
                Batch side = fromBuild ? buildSide : probeSide;
                int[] sideRows = fromBuild ? buildRows : probeRows;
                if (side == null) {
                    RelDataType type = inputs().get(left ? 0 : 1).rowType().getFieldList().get(column).getType();
                    columns[i] = Column.allNull(ValueKind.required(type), count);
                } else {
                    columns[i] = sideRows == null ? side.column(column) : side.column(column).gather(sideRows, count);
                }
            }
            return new Batch(count, columns);
        }

        private Batch select(Batch batch, int[] columns) {
            if (columns.length == batch.width()) {
                return batch;
            }
            return new Batch(batch.size, Batches.columns(batch, columns));
        }

        /** Whether {@code rows[0..count)} is 0, 1, ..., size - 1: each probe row paired once, in order. */
        private boolean everyRowOnce(int[] rows, int count, int size) {
            if (count != size) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (rows[i] != i) {
                    return false;
                }
            }
            return true;
        }

        /**
         * What the probe batch gives besides its pairs: unmatched rows of an outer join, or semi/anti rows when the
         * probe side is the left one.
         */
        private Batch probeLeftovers() {
            if (buildLeft) {
                return null;
            }
            boolean wantMatched;
            switch (joinType) {
                case SEMI:
                    wantMatched = true;
                    break;
                case ANTI:
                case LEFT:
                case FULL:
                    wantMatched = false;
                    break;
                default:
                    return null;
            }
            int[] rows = new int[probe.size];
            int count = 0;
            for (int i = 0; i < probe.size; i++) {
                if (probeMatched[i] == wantMatched) {
                    rows[count++] = i;
                }
            }
            if (count == 0) {
                return null;
            }
            // the build side's columns, if any are output, are nulls
            return rows(outputLayout, probe, count == probe.size ? null : rows, null, null, count);
        }

        /** What the build side gives at the end: its unmatched rows of a right or full join, or semi/anti rows. */
        private Batch buildLeftovers() {
            if (buildMatched == null) {
                return null;
            }
            boolean wantMatched = buildLeft && joinType == JoinRelType.SEMI;
            int[] rows = new int[build.size];
            int count = 0;
            for (int i = 0; i < build.size; i++) {
                if (buildMatched[i] == wantMatched) {
                    rows[count++] = i;
                }
            }
            if (count == 0) {
                return null;
            }
            // a right or full join's probe (left) columns are nulls; a semi or anti join outputs only build columns
            return rows(outputLayout, null, null, build, count == build.size ? null : rows, count);
        }

        @Override
        public void close() {
            try {
                probeInput.close();
            } finally {
                try {
                    buildInput.close();
                } finally {
                    memory.close();
                }
            }
        }
    }
}
