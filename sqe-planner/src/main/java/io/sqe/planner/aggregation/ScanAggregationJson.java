package io.sqe.planner.aggregation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sqe.planner.aggregation.ScanExpression.Call;
import io.sqe.planner.aggregation.ScanExpression.Column;
import io.sqe.planner.aggregation.ScanExpression.Literal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a {@link ScanAggregation}, part of the ScanTask wire format:
 * <pre>{@code
 * {"filter": EXPR, "projections": [EXPR...], "group-keys": [0], "aggregates": [{"function": "SUM", "argument": 1,
 *  "type": TYPE}]}
 * EXPR = {"column": 0, "type": TYPE} | {"literal": "1.5" or null, "type": TYPE}
 *      | {"call": "MULTIPLY", "operands": [EXPR...], "type": TYPE}
 * TYPE = {"kind": "DECIMAL", "precision": 15, "scale": 2}
 * }</pre>
 * Readers throw {@link IllegalArgumentException} for malformed input; the task codec turns it into its error.
 */
public final class ScanAggregationJson {
    private ScanAggregationJson() {}

    public static void write(ScanAggregation aggregation, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        if (aggregation.filter().isPresent()) {
            generator.writeFieldName("filter");
            writeExpression(aggregation.filter().get(), generator);
        }
        generator.writeArrayFieldStart("projections");
        for (ScanExpression projection : aggregation.projections()) {
            writeExpression(projection, generator);
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("group-keys");
        for (int key : aggregation.groupKeys()) {
            generator.writeNumber(key);
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("aggregates");
        for (ScanAggregation.Aggregate aggregate : aggregation.aggregates()) {
            generator.writeStartObject();
            generator.writeStringField("function", aggregate.function().name());
            generator.writeNumberField("argument", aggregate.argument());
            generator.writeFieldName("type");
            writeType(aggregate.resultType(), generator);
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void writeExpression(ScanExpression expression, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        switch (expression.nodeKind()) {
            case COLUMN:
                generator.writeNumberField("column", ((Column) expression).index());
                break;
            case LITERAL:
                Optional<String> value = ((Literal) expression).value();
                if (value.isPresent()) {
                    generator.writeStringField("literal", value.get());
                } else {
                    generator.writeNullField("literal");
                }
                break;
            case CALL:
                Call call = (Call) expression;
                generator.writeStringField("call", call.operator().name());
                generator.writeArrayFieldStart("operands");
                for (ScanExpression operand : call.operands()) {
                    writeExpression(operand, generator);
                }
                generator.writeEndArray();
                break;
        }
        generator.writeFieldName("type");
        writeType(expression.type(), generator);
        generator.writeEndObject();
    }

    private static void writeType(ScanType type, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("kind", type.kind().name());
        if (type.kind() == ScanType.Kind.DECIMAL) {
            generator.writeNumberField("precision", type.precision());
            generator.writeNumberField("scale", type.scale());
        }
        generator.writeEndObject();
    }

    public static ScanAggregation read(JsonNode node) {
        requireObject(node, "aggregation");
        Optional<ScanExpression> filter = node.has("filter")
                ? Optional.of(readExpression(node.get("filter"))) : Optional.empty();
        List<ScanExpression> projections = new ArrayList<>();
        for (JsonNode projection : array(node, "projections")) {
            projections.add(readExpression(projection));
        }
        List<Integer> groupKeys = new ArrayList<>();
        for (JsonNode key : array(node, "group-keys")) {
            groupKeys.add(integer(key, "group-keys"));
        }
        List<ScanAggregation.Aggregate> aggregates = new ArrayList<>();
        for (JsonNode aggregate : array(node, "aggregates")) {
            requireObject(aggregate, "aggregates");
            aggregates.add(new ScanAggregation.Aggregate(
                    ScanAggregation.Function.valueOf(text(aggregate, "function")),
                    integer(aggregate.get("argument"), "argument"),
                    readType(aggregate.get("type"))));
        }
        return new ScanAggregation(filter, projections, groupKeys, aggregates);
    }

    private static ScanExpression readExpression(JsonNode node) {
        requireObject(node, "expression");
        ScanType type = readType(node.get("type"));
        if (node.has("column")) {
            return new Column(integer(node.get("column"), "column"), type);
        }
        if (node.has("literal")) {
            JsonNode value = node.get("literal");
            if (!value.isNull() && !value.isTextual()) {
                throw new IllegalArgumentException("a literal is not a string");
            }
            return new Literal(value.isNull() ? Optional.empty() : Optional.of(value.textValue()), type);
        }
        List<ScanExpression> operands = new ArrayList<>();
        for (JsonNode operand : array(node, "operands")) {
            operands.add(readExpression(operand));
        }
        return new Call(ScanExpression.Operator.valueOf(text(node, "call")), operands, type);
    }

    private static ScanType readType(JsonNode node) {
        requireObject(node, "type");
        ScanType.Kind kind = ScanType.Kind.valueOf(text(node, "kind"));
        if (kind == ScanType.Kind.DECIMAL) {
            return ScanType.decimal(integer(node.get("precision"), "precision"), integer(node.get("scale"), "scale"));
        }
        return ScanType.of(kind);
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " is not an object");
        }
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        return value;
    }

    private static int integer(JsonNode node, String name) {
        if (node == null || !node.isInt()) {
            throw new IllegalArgumentException(name + " is not an integer");
        }
        return node.intValue();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return value.textValue();
    }
}
