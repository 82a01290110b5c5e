package io.sqe.coordinator.planner;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Folds a UNION ALL of constant rows back into one VALUES. Calcite converts a multi-row VALUES whose rows need
 * casts (every INSERT ... VALUES into a table) into a UNION of one-row projections: thousands of inputs that
 * overflow the stack of the code generator. A cast is folded only when it can keep the literal's value (a widening
 * or a nullability change); {@link SqeValues} converts each value to its column's type. Anything else is left as
 * it was, so the fold never changes a result.
 */
final class ConstantUnionFolding {
    private ConstantUnionFolding() {}

    static RelNode fold(RelNode node) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode folded = fold(input);
            changed |= folded != input;
            inputs.add(folded);
        }
        RelNode current = changed ? node.copy(node.getTraitSet(), inputs) : node;
        if (!(current instanceof LogicalUnion) || !((LogicalUnion) current).all) {
            return current;
        }
        ImmutableList.Builder<ImmutableList<RexLiteral>> tuples = ImmutableList.builder();
        for (RelNode input : current.getInputs()) {
            List<ImmutableList<RexLiteral>> rows = constantRows(input);
            if (rows == null) {
                return current;
            }
            tuples.addAll(rows);
        }
        return LogicalValues.create(current.getCluster(), current.getRowType(), tuples.build());
    }

    private static List<ImmutableList<RexLiteral>> constantRows(RelNode input) {
        if (input instanceof LogicalValues) {
            return ((LogicalValues) input).getTuples();
        }
        if (!(input instanceof LogicalProject) || !(((LogicalProject) input).getInput() instanceof LogicalValues)) {
            return null;
        }
        LogicalProject project = (LogicalProject) input;
        List<ImmutableList<RexLiteral>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : ((LogicalValues) project.getInput()).getTuples()) {
            ImmutableList.Builder<RexLiteral> row = ImmutableList.builder();
            for (RexNode expression : project.getProjects()) {
                RexLiteral literal = literal(expression, tuple);
                if (literal == null) {
                    return null;
                }
                row.add(literal);
            }
            rows.add(row.build());
        }
        return rows;
    }

    private static RexLiteral literal(RexNode expression, List<RexLiteral> tuple) {
        if (expression instanceof RexLiteral) {
            return (RexLiteral) expression;
        }
        if (expression instanceof RexInputRef) {
            return tuple.get(((RexInputRef) expression).getIndex());
        }
        if (expression.getKind() != SqlKind.CAST) {
            return null;
        }
        RexLiteral operand = literal(((RexCall) expression).getOperands().get(0), tuple);
        RelDataType target = expression.getType();
        if (operand == null) {
            return null;
        }
        if (operand.isNull()) {
            return operand;
        }
        boolean sameFamily = SqlTypeUtil.isNumeric(target) && SqlTypeUtil.isNumeric(operand.getType())
                || SqlTypeUtil.isCharacter(target) && SqlTypeUtil.isCharacter(operand.getType())
                || target.getSqlTypeName() == operand.getType().getSqlTypeName();
        return sameFamily && SqlTypeUtil.canAssignFrom(target, operand.getType()) ? operand : null;
    }
}
