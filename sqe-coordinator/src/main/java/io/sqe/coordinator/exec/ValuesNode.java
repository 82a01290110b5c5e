package io.sqe.coordinator.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;

/** A VALUES list of literals, computed once per execution. */
final class ValuesNode extends PlanNode {
    private final List<Expr> columns = new ArrayList<>();
    private final int rows;

    ValuesNode(RelDataType rowType, List<? extends List<RexLiteral>> tuples, RexBuilder rexBuilder) {
        super(rowType, List.of());
        this.rows = tuples.size();
        // one CASE-free column per field: row i takes literal i, by concatenating one-row columns
        for (int c = 0; c < rowType.getFieldCount(); c++) {
            RelDataType type = rowType.getFieldList().get(c).getType();
            List<Expr> literals = new ArrayList<>();
            ExpressionCompiler compiler = new ExpressionCompiler(rexBuilder, rowType);
            for (List<RexLiteral> tuple : tuples) {
                RexLiteral literal = tuple.get(c);
                if (literal.isNull()) {
                    literals.add(batch -> Column.allNull(ValueKind.required(type), batch.size));
                    continue;
                }
                if (!org.apache.calcite.sql.type.SqlTypeUtil.equalSansNullability(literal.getType(), type)
                        && !(Casts.supported(literal.getType(), type)
                        && ValueKind.required(literal.getType()) == ValueKind.required(type)
                        && literal.getType().getScale() == type.getScale())) {
                    throw new Unsupported("VALUES literal " + literal + " of a column of " + type);
                }
                literals.add(compiler.compile(literal));
            }
            ValueKind kind = ValueKind.required(type);
            int scale = Math.max(0, type.getScale());
            columns.add(batch -> {
                Batch one = new Batch(1, new Column[0]);
                List<Column> parts = new ArrayList<>();
                for (Expr literal : literals) {
                    parts.add(literal.evaluate(one));
                }
                return Column.concat(kind, parts, scale);
            });
        }
    }

    @Override
    String describe() {
        return "Values[rows=" + rows + "]";
    }

    @Override
    Operator open(ExecutionContext context) {
        return new Operator() {
            private boolean done;

            @Override
            public Batch next() {
                if (done) {
                    return null;
                }
                done = true;
                Column[] values = new Column[columns.size()];
                Batch none = new Batch(rows, new Column[0]);
                for (int c = 0; c < values.length; c++) {
                    values[c] = columns.get(c).evaluate(none);
                }
                return new Batch(rows, values);
            }

            @Override
            public void close() {
                done = true;
            }
        };
    }
}
