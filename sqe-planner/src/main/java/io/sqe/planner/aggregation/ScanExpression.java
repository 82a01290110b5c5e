package io.sqe.planner.aggregation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An expression a worker evaluates over the columns of a scan batch: column references, literals, and calls of
 * the operators in {@link Operator}. Every node carries its result type; operands of arithmetic and comparisons may
 * have different numeric types and are converted to the call's (arithmetic) or a common (comparison) type.
 */
public sealed interface ScanExpression {
    /** The kinds of node, for exhaustive switches. */
    enum NodeKind {
        COLUMN, LITERAL, CALL
    }

    /** The operators of the language. */
    enum Operator {
        ADD, SUBTRACT, MULTIPLY,
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL,
        AND, OR, NOT, IS_NULL, IS_NOT_NULL, CAST;

        /** Operands the operator takes, or -1 for two or more. */
        int arity() {
            switch (this) {
                case NOT:
                case IS_NULL:
                case IS_NOT_NULL:
                case CAST:
                    return 1;
                case AND:
                case OR:
                    return -1;
                default:
                    return 2;
            }
        }

        public boolean isComparison() {
            return this == EQUAL || this == NOT_EQUAL || this == LESS || this == LESS_OR_EQUAL || this == GREATER
                    || this == GREATER_OR_EQUAL;
        }
    }

    ScanType type();

    NodeKind nodeKind();

    /** The value of scan output column {@code index} (an index into the task's projected columns). */
    record Column(int index, ScanType type) implements ScanExpression {
        public Column {
            if (index < 0) {
                throw new IllegalArgumentException("column index is negative: " + index);
            }
            requireNonNull(type, "type is null");
        }

        @Override
        public NodeKind nodeKind() {
            return NodeKind.COLUMN;
        }

        @Override
        public String toString() {
            return "$" + index;
        }
    }

    /**
     * A constant. The value is written as text: a decimal or integer number, a double, a boolean, a date as days since
     * the epoch, or the string itself; empty for NULL.
     */
    record Literal(Optional<String> value, ScanType type) implements ScanExpression {
        public Literal {
            requireNonNull(value, "value is null");
            requireNonNull(type, "type is null");
        }

        @Override
        public NodeKind nodeKind() {
            return NodeKind.LITERAL;
        }

        @Override
        public String toString() {
            return value.map(text -> type.kind() == ScanType.Kind.STRING ? "'" + text + "'" : text).orElse("null");
        }
    }

    /** An operator applied to operands. */
    record Call(Operator operator, List<ScanExpression> operands, ScanType type) implements ScanExpression {
        public Call {
            requireNonNull(operator, "operator is null");
            operands = List.copyOf(requireNonNull(operands, "operands is null"));
            requireNonNull(type, "type is null");
            int arity = operator.arity();
            if (arity >= 0 ? operands.size() != arity : operands.size() < 2) {
                throw new IllegalArgumentException(operator + " takes " + (arity < 0 ? "two or more" : arity)
                        + " operands, not " + operands.size());
            }
        }

        @Override
        public NodeKind nodeKind() {
            return NodeKind.CALL;
        }

        @Override
        public String toString() {
            return operator.name() + operands.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** The largest column index the expression reads, or -1 when it reads none. */
    static int maxColumn(ScanExpression expression) {
        switch (expression.nodeKind()) {
            case COLUMN:
                return ((Column) expression).index();
            case LITERAL:
                return -1;
            case CALL:
                int max = -1;
                for (ScanExpression operand : ((Call) expression).operands()) {
                    max = Math.max(max, maxColumn(operand));
                }
                return max;
        }
        throw new IllegalStateException("unknown node kind");
    }
}
