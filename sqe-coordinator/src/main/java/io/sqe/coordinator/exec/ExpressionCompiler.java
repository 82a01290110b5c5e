package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

/**
 * Compiles a Calcite row expression, once per query, into an {@link Expr} tree of column kernels: each node runs one
 * operator over every row of a batch with a loop over primitive arrays. Throws {@link Unsupported} for what the
 * kernels do not cover, so the query runs on Calcite's operators instead.
 */
final class ExpressionCompiler {
    private final RexBuilder rexBuilder;
    private final RelDataType inputRowType;

    ExpressionCompiler(RexBuilder rexBuilder, RelDataType inputRowType) {
        this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
        this.inputRowType = requireNonNull(inputRowType, "inputRowType is null");
    }

    Expr compile(RexNode node) {
        ValueKind.of(node.getType()).orElseThrow(() -> new Unsupported("type " + node.getType()));
        switch (node.getKind()) {
            case INPUT_REF: {
                int index = ((RexInputRef) node).getIndex();
                ValueKind.required(inputRowType.getFieldList().get(index).getType());
                return batch -> batch.column(index);
            }
            case LITERAL:
                return literal((RexLiteral) node);
            default:
                if (node instanceof RexCall) {
                    return call((RexCall) node);
                }
                throw new Unsupported("expression " + node.getKind());
        }
    }

    /** A literal as a column of the batch's size. */
    static Expr literal(RexLiteral literal) {
        RelDataType type = literal.getType();
        ValueKind kind = ValueKind.required(type);
        if (literal.isNull()) {
            return batch -> Column.allNull(kind, batch.size);
        }
        switch (kind) {
            case BOOLEAN:
                return constantLong(kind, Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? 1 : 0);
            case LONG:
                return constantLong(kind, literal.getValueAs(Long.class));
            case DATE:
                return constantLong(kind, literal.getValueAs(DateString.class).getDaysSinceEpoch());
            case TIMESTAMP: {
                java.time.LocalDateTime value = java.time.LocalDateTime.parse(
                        literal.getValueAs(org.apache.calcite.util.TimestampString.class).toString().replace(' ', 'T'));
                java.time.Instant instant = value.toInstant(java.time.ZoneOffset.UTC);
                return constantLong(kind, Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                        instant.getNano() / 1_000));
            }
            case DECIMAL: {
                BigDecimal value = literal.getValueAs(BigDecimal.class).setScale(type.getScale());
                if (value.unscaledValue().bitLength() > 63) {
                    return batch -> {
                        BigDecimal[] values = new BigDecimal[batch.size];
                        Arrays.fill(values, value);
                        return Column.ofDecimals(values, null, batch.size);
                    };
                }
                return constantLong(kind, value.unscaledValue().longValue());
            }
            case DOUBLE: {
                double value = literal.getValueAs(Double.class);
                return batch -> {
                    double[] values = new double[batch.size];
                    Arrays.fill(values, value);
                    return Column.ofDoubles(values, null, batch.size);
                };
            }
            case STRING: {
                byte[] value = stringBytes(literal);
                return batch -> {
                    int size = batch.size;
                    byte[] bytes = new byte[value.length * size];
                    int[] offsets = new int[size + 1];
                    for (int i = 0; i < size; i++) {
                        System.arraycopy(value, 0, bytes, i * value.length, value.length);
                        offsets[i + 1] = (i + 1) * value.length;
                    }
                    return Column.ofStrings(bytes, offsets, null, size);
                };
            }
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    private static boolean isStringLiteral(RexNode node) {
        return node instanceof RexLiteral && !((RexLiteral) node).isNull()
                && ValueKind.required(node.getType()) == ValueKind.STRING;
    }

    /** {@code operand operator literal}: a string column against a string constant, not a column of copies of it. */
    private Expr compareWithString(SqlKind kind, RexNode operand, RexLiteral literal) {
        Expr column = compile(operand);
        byte[] constant = stringBytes(literal);
        return batch -> Comparisons.compareWithString(kind, column.evaluate(batch), constant);
    }

    /**
     * A VARCHAR operand IN (or NOT IN) a list of VARCHAR constants, as one pass over the column; null when the
     * SEARCH is something else (ranges, other types, CHAR padding, or a null operand that is not UNKNOWN).
     */
    private Expr stringIn(RexCall search) {
        RexNode operand = search.getOperands().get(0);
        RexLiteral literal = (RexLiteral) search.getOperands().get(1);
        if (operand.getType().getSqlTypeName() != SqlTypeName.VARCHAR
                || literal.getType().getSqlTypeName() != SqlTypeName.VARCHAR) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Sarg<NlsString> sarg = literal.getValueAs(Sarg.class);
        if (sarg.nullAs != RexUnknownAs.UNKNOWN || !sarg.isPoints() && !sarg.isComplementedPoints()) {
            return null;
        }
        boolean negated = !sarg.isPoints();
        List<byte[]> constants = new ArrayList<>();
        for (var range : (negated ? sarg.rangeSet.complement() : sarg.rangeSet).asRanges()) {
            constants.add(range.lowerEndpoint().getValue().getBytes(StandardCharsets.UTF_8));
        }
        Expr column = compile(operand);
        StringKernels.StringSet set = new StringKernels.StringSet(constants);
        return batch -> StringKernels.in(column.evaluate(batch), set, negated);
    }

    private static byte[] stringBytes(RexLiteral literal) {
        return literal.getValueAs(NlsString.class).getValue().getBytes(StandardCharsets.UTF_8);
    }

    private static Expr constantLong(ValueKind kind, long value) {
        return batch -> {
            long[] values = new long[batch.size];
            Arrays.fill(values, value);
            return Column.ofLongs(kind, values, null, batch.size);
        };
    }

    private Expr call(RexCall call) {
        List<RexNode> operands = call.getOperands();
        RelDataType type = call.getType();
        SqlKind kind = call.getKind();
        switch (kind) {
            case PLUS:
            case MINUS:
            case TIMES:
            case DIVIDE:
            case MOD: {
                if (type.getSqlTypeName() == SqlTypeName.DATE) {
                    return dateArithmetic(kind, operands);
                }
                requireArithmetic(operands);
                Expr left = compile(operands.get(0));
                Expr right = compile(operands.get(1));
                RelDataType leftType = operands.get(0).getType();
                RelDataType rightType = operands.get(1).getType();
                if (kind == SqlKind.MOD && ValueKind.required(type) != ValueKind.LONG) {
                    throw new Unsupported("MOD of " + type);
                }
                return batch -> Arithmetic.apply(kind, left.evaluate(batch), leftType, right.evaluate(batch),
                        rightType, type);
            }
            case MINUS_PREFIX: {
                requireArithmetic(operands);
                Expr operand = compile(operands.get(0));
                return batch -> Arithmetic.negate(operand.evaluate(batch), type);
            }
            case PLUS_PREFIX:
                return compile(operands.get(0));
            case EQUALS:
            case NOT_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL: {
                RelDataType leftType = operands.get(0).getType();
                RelDataType rightType = operands.get(1).getType();
                requireComparable(leftType, rightType);
                if (isStringLiteral(operands.get(1)) && ValueKind.required(leftType) == ValueKind.STRING) {
                    return compareWithString(kind, operands.get(0), (RexLiteral) operands.get(1));
                }
                if (isStringLiteral(operands.get(0)) && ValueKind.required(rightType) == ValueKind.STRING) {
                    return compareWithString(kind.reverse(), operands.get(1), (RexLiteral) operands.get(0));
                }
                Expr left = compile(operands.get(0));
                Expr right = compile(operands.get(1));
                return batch -> Comparisons.apply(kind, left.evaluate(batch), leftType, right.evaluate(batch),
                        rightType);
            }
            case AND:
            case OR: {
                List<Expr> compiled = compileAll(operands);
                boolean and = kind == SqlKind.AND;
                return batch -> {
                    Column result = compiled.get(0).evaluate(batch);
                    for (int i = 1; i < compiled.size(); i++) {
                        result = Logic.combine(and, result, compiled.get(i).evaluate(batch));
                    }
                    return result;
                };
            }
            case NOT: {
                Expr operand = compile(operands.get(0));
                return batch -> Logic.not(operand.evaluate(batch));
            }
            case IS_NULL:
            case IS_NOT_NULL: {
                Expr operand = compile(operands.get(0));
                boolean wantNull = kind == SqlKind.IS_NULL;
                return batch -> Logic.isNull(operand.evaluate(batch), wantNull);
            }
            case IS_TRUE:
            case IS_NOT_TRUE:
            case IS_FALSE:
            case IS_NOT_FALSE: {
                Expr operand = compile(operands.get(0));
                boolean truth = kind == SqlKind.IS_TRUE || kind == SqlKind.IS_NOT_TRUE;
                boolean negated = kind == SqlKind.IS_NOT_TRUE || kind == SqlKind.IS_NOT_FALSE;
                return batch -> Logic.is(operand.evaluate(batch), truth, negated);
            }
            case SEARCH: {
                Expr stringIn = stringIn(call);
                return stringIn != null ? stringIn : compile(RexUtil.expandSearch(rexBuilder, null, call));
            }
            case CAST: {
                RelDataType from = operands.get(0).getType();
                if (!Casts.supported(from, type)) {
                    throw new Unsupported("CAST from " + from + " to " + type);
                }
                Expr operand = from.getSqlTypeName() == SqlTypeName.NULL ? batch -> null : compile(operands.get(0));
                return batch -> Casts.convert(operand.evaluate(batch), from, type);
            }
            case CASE:
                return caseExpression(call);
            case LIKE:
                return like(call);
            case EXTRACT: {
                TimeUnitRange unit = ((RexLiteral) operands.get(0)).getValueAs(TimeUnitRange.class);
                if (operands.get(1).getType().getSqlTypeName() != SqlTypeName.DATE
                        || !List.of(TimeUnitRange.YEAR, TimeUnitRange.MONTH, TimeUnitRange.DAY).contains(unit)) {
                    throw new Unsupported("EXTRACT " + unit + " from " + operands.get(1).getType());
                }
                Expr operand = compile(operands.get(1));
                String name = unit.name();
                return batch -> StringKernels.extract(name, operand.evaluate(batch));
            }
            default:
                return function(call);
        }
    }

    private Expr function(RexCall call) {
        String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
        List<RexNode> operands = call.getOperands();
        switch (name) {
            case "SUBSTRING": {
                for (int i = 1; i < operands.size(); i++) {
                    if (ValueKind.required(operands.get(i).getType()) != ValueKind.LONG) {
                        throw new Unsupported("SUBSTRING with a " + operands.get(i).getType() + " position");
                    }
                }
                Expr value = compile(operands.get(0));
                Expr start = compile(operands.get(1));
                Expr length = operands.size() > 2 ? compile(operands.get(2)) : null;
                return batch -> StringKernels.substring(value.evaluate(batch), start.evaluate(batch),
                        length == null ? null : length.evaluate(batch));
            }
            case "SQE_DECIMAL_DIVIDE": {
                Expr left = compile(operands.get(0));
                Expr right = compile(operands.get(1));
                RelDataType leftType = operands.get(0).getType();
                RelDataType rightType = operands.get(1).getType();
                RelDataType type = call.getType();
                return batch -> Arithmetic.apply(SqlKind.DIVIDE, left.evaluate(batch), leftType,
                        right.evaluate(batch), rightType, type);
            }
            default:
                throw new Unsupported("function " + name);
        }
    }

    /** {@code date ± INTERVAL 'n' DAY | MONTH | YEAR} with a constant interval. */
    private Expr dateArithmetic(SqlKind kind, List<RexNode> operands) {
        int dateIndex = operands.get(0).getType().getSqlTypeName() == SqlTypeName.DATE ? 0 : 1;
        RexNode interval = operands.get(1 - dateIndex);
        if (kind != SqlKind.PLUS && kind != SqlKind.MINUS || kind == SqlKind.MINUS && dateIndex == 1
                || !(interval instanceof RexLiteral) || ((RexLiteral) interval).isNull()
                || interval.getType().getIntervalQualifier() == null) {
            throw new Unsupported("arithmetic on DATE");
        }
        BigDecimal amount = ((RexLiteral) interval).getValueAs(BigDecimal.class);
        TimeUnitRange unit = interval.getType().getIntervalQualifier().timeUnitRange;
        long sign = kind == SqlKind.MINUS ? -1 : 1;
        Expr date = compile(operands.get(dateIndex));
        switch (unit) {
            case DAY: {
                // day-time intervals are held in milliseconds
                BigDecimal[] days = amount.divideAndRemainder(BigDecimal.valueOf(86_400_000L));
                if (days[1].signum() != 0) {
                    throw new Unsupported("a DATE plus a part of a day");
                }
                long shift = sign * days[0].longValueExact();
                return batch -> StringKernels.addDays(date.evaluate(batch), shift);
            }
            case MONTH:
            case YEAR:
            case YEAR_TO_MONTH: {
                // year-month intervals are held in months
                long months = sign * amount.longValueExact();
                return batch -> StringKernels.addMonths(date.evaluate(batch), months);
            }
            default:
                throw new Unsupported("DATE plus an interval of " + unit);
        }
    }

    private static void requireArithmetic(List<RexNode> operands) {
        for (RexNode operand : operands) {
            ValueKind kind = ValueKind.required(operand.getType());
            if (kind != ValueKind.LONG && kind != ValueKind.DECIMAL && kind != ValueKind.DOUBLE) {
                throw new Unsupported("arithmetic on " + operand.getType());
            }
        }
    }

    private static void requireComparable(RelDataType left, RelDataType right) {
        ValueKind a = ValueKind.required(left);
        ValueKind b = ValueKind.required(right);
        boolean numeric = isNumeric(a) && isNumeric(b);
        if (!numeric && a != b) {
            throw new Unsupported("comparison of " + left + " with " + right);
        }
        if (a == ValueKind.STRING && (left.getSqlTypeName() == SqlTypeName.CHAR) != (right.getSqlTypeName() == SqlTypeName.CHAR)) {
            // CHAR compares with trailing blanks ignored; leave the mixed case to Calcite
            throw new Unsupported("comparison of " + left + " with " + right);
        }
    }

    private static boolean isNumeric(ValueKind kind) {
        return kind == ValueKind.LONG || kind == ValueKind.DECIMAL || kind == ValueKind.DOUBLE;
    }

    private List<Expr> compileAll(List<RexNode> operands) {
        List<Expr> compiled = new ArrayList<>();
        for (RexNode operand : operands) {
            compiled.add(compile(operand));
        }
        return compiled;
    }

    private Expr like(RexCall call) {
        List<RexNode> operands = call.getOperands();
        if (!(operands.get(1) instanceof RexLiteral) || operands.size() > 2 && !(operands.get(2) instanceof RexLiteral)
                || ValueKind.required(operands.get(0).getType()) != ValueKind.STRING) {
            throw new Unsupported("LIKE with a pattern that is not a constant");
        }
        String pattern = ((RexLiteral) operands.get(1)).getValueAs(String.class);
        Character escape = operands.size() > 2 ? ((RexLiteral) operands.get(2)).getValueAs(String.class).charAt(0) : null;
        if (pattern == null) {
            throw new Unsupported("LIKE NULL");
        }
        StringKernels.LikePattern compiled = new StringKernels.LikePattern(pattern, escape);
        boolean negated = call.getOperator() instanceof SqlLikeOperator && ((SqlLikeOperator) call.getOperator()).isNegated();
        Expr value = compile(operands.get(0));
        return batch -> StringKernels.like(value.evaluate(batch), compiled, negated);
    }

    /**
     * CASE WHEN c1 THEN v1 ... ELSE e END. Each row takes the value of the first branch whose condition is true. A
     * value that may fail (a division) is computed only on the rows that take its branch.
     */
    private Expr caseExpression(RexCall call) {
        List<RexNode> operands = call.getOperands();
        RelDataType type = call.getType();
        ValueKind kind = ValueKind.required(type);
        int branches = operands.size() / 2;
        Expr[] conditions = new Expr[branches];
        Expr[] values = new Expr[branches + 1];
        RelDataType[] valueTypes = new RelDataType[branches + 1];
        boolean[] mayFail = new boolean[branches + 1];
        for (int i = 0; i < branches; i++) {
            conditions[i] = compile(operands.get(2 * i));
        }
        for (int i = 0; i <= branches; i++) {
            RexNode value = i < branches ? operands.get(2 * i + 1) : operands.get(operands.size() - 1);
            valueTypes[i] = value.getType();
            if (!Casts.supported(valueTypes[i], type) && !sameKind(valueTypes[i], type)) {
                throw new Unsupported("CASE branch of " + valueTypes[i] + " in " + type);
            }
            if (type.getSqlTypeName() == SqlTypeName.CHAR && valueTypes[i].getPrecision() != type.getPrecision()) {
                // CHAR(n) pads shorter values with blanks; leave that to Calcite
                throw new Unsupported("CASE of " + type + " with a branch of " + valueTypes[i]);
            }
            values[i] = valueTypes[i].getSqlTypeName() == SqlTypeName.NULL ? null : compile(value);
            mayFail[i] = mayFail(value);
        }
        return batch -> {
            int size = batch.size;
            int[] branchOfRow = new int[size];
            Arrays.fill(branchOfRow, branches);
            boolean[] decided = new boolean[size];
            for (int b = 0; b < branches; b++) {
                Column condition = conditions[b].evaluate(batch);
                for (int row = 0; row < size; row++) {
                    if (!decided[row] && condition.longs[row] != 0 && !condition.isNull(row)) {
                        decided[row] = true;
                        branchOfRow[row] = b;
                    }
                }
            }
            Column[] branchValues = new Column[branches + 1];
            for (int b = 0; b <= branches; b++) {
                Column value;
                if (values[b] == null) {
                    value = Column.allNull(kind, size);
                } else if (mayFail[b]) {
                    value = onRowsOfBranch(values[b], batch, branchOfRow, b);
                } else {
                    value = values[b].evaluate(batch);
                }
                branchValues[b] = valueTypes[b].getSqlTypeName() == SqlTypeName.NULL ? value
                        : Casts.supported(valueTypes[b], type) ? Casts.convert(value, valueTypes[b], type) : value;
            }
            return Choice.choose(kind, type.getScale(), branchOfRow, branchValues, size);
        };
    }

    private static boolean sameKind(RelDataType a, RelDataType b) {
        return ValueKind.of(a).equals(ValueKind.of(b)) && a.getScale() == b.getScale();
    }

    /** Evaluates {@code value} only on the rows of branch {@code branch}; the other rows are null. */
    private static Column onRowsOfBranch(Expr value, Batch batch, int[] branchOfRow, int branch) {
        int size = batch.size;
        int[] rows = new int[size];
        int[] positions = new int[size];
        int count = 0;
        for (int row = 0; row < size; row++) {
            if (branchOfRow[row] == branch) {
                positions[row] = count;
                rows[count++] = row;
            } else {
                positions[row] = -1;
            }
        }
        return value.evaluate(batch.gather(rows, count)).gather(positions, size);
    }

    /** Whether evaluating {@code node} on a row it is not meant for could raise an error. */
    static boolean mayFail(RexNode node) {
        if (!(node instanceof RexCall)) {
            return false;
        }
        RexCall call = (RexCall) node;
        if (call.getKind() == SqlKind.DIVIDE || call.getKind() == SqlKind.MOD
                || call.getOperator().getName().equalsIgnoreCase("SQE_DECIMAL_DIVIDE")) {
            return true;
        }
        for (RexNode operand : call.getOperands()) {
            if (mayFail(operand)) {
                return true;
            }
        }
        return false;
    }
}
