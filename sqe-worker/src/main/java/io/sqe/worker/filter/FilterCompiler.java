package io.sqe.worker.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundReference;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expression.Operation;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Builds the node tree of a {@link VectorFilter} from a bound, NOT-free expression. */
final class FilterCompiler {
    private final Types.StructType struct;
    private final ColumnAccess[] columns;
    private final Map<Integer, DictionaryIds> dictionaries;
    /** The key sets of IN lists compiled before, shared by the filters compiled from one bound residual. */
    private final Map<KeyPredicate.SetKey, KeyPredicate.Members> keySets;
    private RunRow row;

    FilterCompiler(Types.StructType struct, ColumnAccess[] columns, Map<Integer, DictionaryIds> dictionaries,
            Map<KeyPredicate.SetKey, KeyPredicate.Members> keySets) {
        this.struct = struct;
        this.columns = columns;
        this.dictionaries = dictionaries;
        this.keySets = keySets;
    }

    FilterNode compile(Expression expression) {
        switch (expression.op()) {
            case TRUE:
                return VectorFilter.Constant.TRUE;
            case FALSE:
                return VectorFilter.Constant.FALSE;
            case AND:
                List<Expression> conjuncts = new ArrayList<>();
                flatten(expression, Operation.AND, conjuncts);
                return conjunction(conjuncts);
            case OR:
                List<Expression> disjuncts = new ArrayList<>();
                flatten(expression, Operation.OR, disjuncts);
                return disjunction(disjuncts);
            default:
                if (!(expression instanceof BoundPredicate)) {
                    throw new IllegalStateException("Unexpected node in a bound residual: " + expression);
                }
                return predicate((BoundPredicate<?>) expression);
        }
    }

    private static void flatten(Expression expression, Operation op, List<Expression> into) {
        if (expression.op() != op) {
            into.add(expression);
        } else if (op == Operation.AND) {
            flatten(((And) expression).left(), op, into);
            flatten(((And) expression).right(), op, into);
        } else {
            flatten(((Or) expression).left(), op, into);
            flatten(((Or) expression).right(), op, into);
        }
    }

    private FilterNode conjunction(List<Expression> conjuncts) {
        List<FilterNode> cheap = new ArrayList<>();
        List<FilterNode> rest = new ArrayList<>();
        for (Expression conjunct : conjuncts) {
            FilterNode node = compile(conjunct);
            if (node == VectorFilter.Constant.FALSE) {
                return VectorFilter.Constant.FALSE;
            }
            if (node == VectorFilter.Constant.TRUE) {
                continue;
            }
            if (node instanceof KeyPredicate && ((KeyPredicate) node).test == KeyPredicate.Test.RANGE) {
                node = merge(cheap, (KeyPredicate) node);
                if (node == null) {
                    continue;
                }
            }
            // Fixed-width kernels first: they are the cheapest per row, so later ones see fewer rows.
            (node instanceof KeyPredicate || node instanceof NullPredicate ? cheap : rest).add(node);
        }
        cheap.addAll(rest);
        if (cheap.isEmpty()) {
            return VectorFilter.Constant.TRUE;
        }
        return cheap.size() == 1 ? cheap.get(0) : new VectorFilter.Conjunction(cheap);
    }

    /** Intersects a range test with an earlier one on the same column; null when merged into it. */
    private static KeyPredicate merge(List<FilterNode> earlier, KeyPredicate range) {
        for (int i = 0; i < earlier.size(); i++) {
            if (earlier.get(i) instanceof KeyPredicate) {
                KeyPredicate other = (KeyPredicate) earlier.get(i);
                if (other.test == KeyPredicate.Test.RANGE && other.position == range.position) {
                    earlier.set(i, other.intersect(range));
                    return null;
                }
            }
        }
        return range;
    }

    private FilterNode disjunction(List<Expression> disjuncts) {
        List<FilterNode> nodes = new ArrayList<>();
        for (Expression disjunct : disjuncts) {
            FilterNode node = compile(disjunct);
            if (node == VectorFilter.Constant.TRUE) {
                return VectorFilter.Constant.TRUE;
            }
            if (node != VectorFilter.Constant.FALSE) {
                nodes.add(node);
            }
        }
        if (nodes.isEmpty()) {
            return VectorFilter.Constant.FALSE;
        }
        return nodes.size() == 1 ? nodes.get(0) : new VectorFilter.Disjunction(nodes);
    }

    private FilterNode predicate(BoundPredicate<?> predicate) {
        if (!(predicate.term() instanceof BoundReference)) {
            return fallback(predicate);
        }
        int position = position(((BoundReference<?>) predicate.term()).fieldId());
        ColumnAccess column = columns[position];
        Type type = predicate.term().type();
        switch (predicate.op()) {
            case IS_NULL:
            case NOT_NULL:
                return NullPredicate.of(column, predicate.op() == Operation.IS_NULL);
            case IS_NAN:
            case NOT_NAN:
                return nanTest(predicate, position, column, type);
            case STARTS_WITH:
            case NOT_STARTS_WITH:
                if (type.typeId() == Type.TypeID.STRING && column.vector instanceof VarCharVector) {
                    return strings(position, new StringPredicate(column, predicate.op(), new byte[][] {utf8(
                            ((BoundLiteralPredicate<?>) predicate).literal().value())}));
                }
                return fallback(predicate);
            case LT:
            case LT_EQ:
            case GT:
            case GT_EQ:
            case EQ:
            case NOT_EQ:
            case IN:
            case NOT_IN:
                return comparison(predicate, position, column, type);
            default:
                return fallback(predicate);
        }
    }

    private FilterNode nanTest(BoundPredicate<?> predicate, int position, ColumnAccess column, Type type) {
        Optional<KeyKind> kind = keyKind(type, column, List.of());
        if (kind.isEmpty() || kind.get() != KeyKind.FLOAT && kind.get() != KeyKind.DOUBLE) {
            return fallback(predicate);
        }
        long nan = kind.get() == KeyKind.FLOAT ? KeyKind.floatKey(Float.NaN) : KeyKind.doubleKey(Double.NaN);
        return predicate.op() == Operation.IS_NAN ? KeyPredicate.range(column, position, kind.get(), nan, nan)
                : KeyPredicate.notEqual(column, position, kind.get(), nan);
    }

    private FilterNode comparison(BoundPredicate<?> predicate, int position, ColumnAccess column, Type type) {
        boolean set = predicate.op() == Operation.IN || predicate.op() == Operation.NOT_IN;
        List<Object> literals = new ArrayList<>();
        if (set) {
            literals.addAll((Collection<?>) ((BoundSetPredicate<?>) predicate).literalSet());
        } else {
            literals.add(((BoundLiteralPredicate<?>) predicate).literal().value());
        }
        if (type.typeId() == Type.TypeID.STRING && column.vector instanceof VarCharVector) {
            byte[][] bytes = new byte[literals.size()][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = utf8(literals.get(i));
            }
            return strings(position, new StringPredicate(column, predicate.op(), bytes));
        }
        Optional<KeyKind> kind = keyKind(type, column, literals);
        if (kind.isEmpty()) {
            return wideDecimal(predicate, column, type, literals).orElseGet(() -> fallback(predicate));
        }
        if (set) {
            KeyPredicate.Members members = keySets.computeIfAbsent(new KeyPredicate.SetKey(predicate, kind.get()),
                    unused -> KeyPredicate.Members.of(keys(kind.get(), type, literals)));
            return KeyPredicate.set(column, position, kind.get(), members, predicate.op() == Operation.IN);
        }
        long key = key(kind.get(), type, literals.get(0));
        switch (predicate.op()) {
            case LT:
                return key == Long.MIN_VALUE ? VectorFilter.Constant.FALSE
                        : KeyPredicate.range(column, position, kind.get(), Long.MIN_VALUE, key - 1);
            case LT_EQ:
                return KeyPredicate.range(column, position, kind.get(), Long.MIN_VALUE, key);
            case GT:
                return key == Long.MAX_VALUE ? VectorFilter.Constant.FALSE
                        : KeyPredicate.range(column, position, kind.get(), key + 1, Long.MAX_VALUE);
            case GT_EQ:
                return KeyPredicate.range(column, position, kind.get(), key, Long.MAX_VALUE);
            case EQ:
                return KeyPredicate.range(column, position, kind.get(), key, key);
            case NOT_EQ:
                return KeyPredicate.notEqual(column, position, kind.get(), key);
            default:
                throw new IllegalStateException(predicate.op() + " is not a comparison");
        }
    }

    private static long[] keys(KeyKind kind, Type type, List<Object> literals) {
        long[] keys = new long[literals.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(kind, type, literals.get(i));
        }
        return keys;
    }

    private FilterNode strings(int position, StringPredicate predicate) {
        DictionaryIds dictionary = dictionaries.get(position);
        return dictionary == null ? predicate : new DictionaryPredicate(dictionary, predicate);
    }

    /** The key kind for a column and its literals, when the vector is the expected one and the literals fit. */
    private static Optional<KeyKind> keyKind(Type type, ColumnAccess column, List<Object> literals) {
        FieldVector vector = column.vector;
        int width = vector instanceof BaseFixedWidthVector ? ((BaseFixedWidthVector) vector).getTypeWidth() : -1;
        switch (type.typeId()) {
            case BOOLEAN:
                return vector instanceof BitVector ? Optional.of(KeyKind.BOOLEAN) : Optional.empty();
            case INTEGER:
            case DATE:
                return width == 4 ? Optional.of(KeyKind.INT32) : Optional.empty();
            case LONG:
            case TIME:
            case TIMESTAMP:
                return width == 8 ? Optional.of(KeyKind.INT64) : Optional.empty();
            case FLOAT:
                return width == 4 ? Optional.of(KeyKind.FLOAT) : Optional.empty();
            case DOUBLE:
                return width == 8 ? Optional.of(KeyKind.DOUBLE) : Optional.empty();
            case DECIMAL:
                Types.DecimalType decimal = (Types.DecimalType) type;
                if (width != 16 || decimal.precision() > 18) {
                    return Optional.empty();
                }
                for (Object literal : literals) {
                    Optional<BigDecimal> unscaled = atScale(literal, decimal.scale());
                    if (unscaled.isEmpty() || unscaled.get().unscaledValue().bitLength() > 63) {
                        return Optional.empty();
                    }
                }
                return Optional.of(KeyKind.DECIMAL64);
            default:
                return Optional.empty();
        }
    }

    private static long key(KeyKind kind, Type type, Object literal) {
        switch (kind) {
            case BOOLEAN:
                return (Boolean) literal ? 1 : 0;
            case INT32:
            case INT64:
                return ((Number) literal).longValue();
            case FLOAT:
                return KeyKind.floatKey(((Number) literal).floatValue());
            case DOUBLE:
                return KeyKind.doubleKey(((Number) literal).doubleValue());
            case DECIMAL64:
                return atScale(literal, ((Types.DecimalType) type).scale()).orElseThrow()
                        .unscaledValue().longValueExact();
        }
        throw new IllegalStateException("unknown key kind " + kind);
    }

    private Optional<FilterNode> wideDecimal(BoundPredicate<?> predicate, ColumnAccess column, Type type,
            List<Object> literals) {
        if (type.typeId() != Type.TypeID.DECIMAL || !(column.vector instanceof BaseFixedWidthVector)
                || ((BaseFixedWidthVector) column.vector).getTypeWidth() != 16) {
            return Optional.empty();
        }
        int scale = ((Types.DecimalType) type).scale();
        List<BigDecimal> values = new ArrayList<>();
        for (Object literal : literals) {
            Optional<BigDecimal> value = atScale(literal, scale);
            if (value.isEmpty() || value.get().unscaledValue().bitLength() > 127) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        return Optional.of(new WideDecimalPredicate(column, predicate.op(), values));
    }

    private static Optional<BigDecimal> atScale(Object literal, int scale) {
        if (!(literal instanceof BigDecimal)) {
            return Optional.empty();
        }
        try {
            return Optional.of(((BigDecimal) literal).setScale(scale, RoundingMode.UNNECESSARY));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private FilterNode fallback(BoundPredicate<?> predicate) {
        if (row == null) {
            row = new RunRow(struct, columns);
        }
        return new VectorFilter.RowPredicate(predicate, row);
    }

    private int position(int fieldId) {
        List<Types.NestedField> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).fieldId() == fieldId) {
                return i;
            }
        }
        throw new IllegalStateException("Field " + fieldId + " of the residual is not a top-level column");
    }

    private static byte[] utf8(Object literal) {
        return literal.toString().getBytes(StandardCharsets.UTF_8);
    }
}
