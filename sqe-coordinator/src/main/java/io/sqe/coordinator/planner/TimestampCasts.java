package io.sqe.coordinator.planner;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Casts between TIMESTAMP and TIMESTAMP WITH TIME ZONE in the session's time zone, keeping fractional seconds.
 * Calcite's runtime converts through text without the fraction (and in the JVM's zone), so
 * {@code INSERT INTO t (ts_with_zone) VALUES (TIMESTAMP '… 10:00:00.123')} stored 10:00:00.000.
 */
public final class TimestampCasts {
    private static final SqlUserDefinedFunction TO_INSTANT = function("SQE_TIMESTAMP_TO_INSTANT", "toInstant");
    private static final SqlUserDefinedFunction TO_TIMESTAMP = function("SQE_INSTANT_TO_TIMESTAMP", "toTimestamp");

    private TimestampCasts() {}

    private static SqlUserDefinedFunction function(String name, String method) {
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0, null, null, ScalarFunctionImpl.create(TimestampCasts.class, method));
    }

    /** Called by generated code: a wall-clock timestamp (milliseconds) in {@code zone} to an instant. */
    public static Long toInstant(Long timestampMillis, String zone) {
        if (timestampMillis == null) {
            return null;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(timestampMillis), ZoneOffset.UTC);
        return local.atZone(ZoneId.of(zone)).toInstant().toEpochMilli();
    }

    /** Called by generated code: an instant (milliseconds) to the wall-clock timestamp in {@code zone}. */
    public static Long toTimestamp(Long instantMillis, String zone) {
        if (instantMillis == null) {
            return null;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(instantMillis), ZoneId.of(zone));
        return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static RelNode rewrite(RelNode node, ZoneId zone) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = rewrite(input, zone);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        RelNode current = changed ? node.copy(node.getTraitSet(), inputs) : node;
        return current.accept(new Rewriter(current.getCluster().getRexBuilder(), zone.getId()));
    }

    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rexBuilder;
        private final String zone;

        Rewriter(RexBuilder rexBuilder, String zone) {
            this.rexBuilder = rexBuilder;
            this.zone = zone;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            if (visited.getKind() != SqlKind.CAST) {
                return visited;
            }
            RexNode operand = visited.getOperands().get(0);
            SqlTypeName from = operand.getType().getSqlTypeName();
            SqlTypeName to = visited.getType().getSqlTypeName();
            SqlUserDefinedFunction function;
            if (from == SqlTypeName.TIMESTAMP && to == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                function = TO_INSTANT;
            } else if (from == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE && to == SqlTypeName.TIMESTAMP) {
                function = TO_TIMESTAMP;
            } else {
                return visited;
            }
            return rexBuilder.makeCall(visited.getType(), function,
                    List.of(operand, rexBuilder.makeLiteral(zone)));
        }
    }
}
