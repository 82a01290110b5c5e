package io.sqe.policy.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sqe.policy.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a rules file (YAML, or JSON when the name ends in {@code .json}) into a {@link RuleSet}. Strict: unknown
 * keys, unknown privileges and mask kinds, duplicate rule names and expressions that do not parse are errors,
 * because a typo in a security rule must not silently widen access. Errors are {@link IllegalArgumentException}s
 * whose message names the rule and the key.
 */
final class RulesFileParser {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("version", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "users", "roles", "groups", "catalog", "schema",
            "table", "privileges", "effect", "hide_columns", "row_filter", "masks", "description");
    private static final Set<String> MASK_KEYS = Set.of("type", "value", "count", "unit", "sql");

    private RulesFileParser() {}

    static RuleSet parse(String content, boolean json) {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + locationOf(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException("the file is empty; it needs a 'rules' list");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level must be a mapping with a 'rules' list");
        }
        checkKeys(root, TOP_LEVEL_KEYS, "the top level");
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            throw new IllegalArgumentException("'version' must be 1");
        }
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalArgumentException("'rules' must be a list of rules");
        }
        List<Rule> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode node = rules.get(i);
            String where = "rule " + (i + 1) + nameSuffix(node);
            try {
                Rule rule = parseRule(node);
                if (!names.add(rule.name())) {
                    throw new IllegalArgumentException("the name '" + rule.name() + "' is used by an earlier rule");
                }
                parsed.add(rule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new RuleSet(parsed);
    }

    private static Rule parseRule(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a rule must be a mapping");
        }
        checkKeys(node, RULE_KEYS, "a rule");
        String name = requiredString(node, "name");
        Optional<Glob> schema = optionalString(node, "schema").map(Glob::of);
        Optional<Glob> table = optionalString(node, "table").map(Glob::of);
        if (table.isPresent() && schema.isEmpty()) {
            schema = Optional.of(Glob.ANY);
        }
        Set<Privilege> privileges = privileges(node);
        Rule.Effect effect = optionalString(node, "effect").map(RulesFileParser::effect).orElse(Rule.Effect.ALLOW);
        List<Glob> hidden = globs(node, "hide_columns");
        Optional<String> rowFilter = optionalString(node, "row_filter");
        rowFilter.ifPresent(expression -> checkExpression("row_filter", expression));
        Map<String, MaskSpec> masks = masks(node.get("masks"));
        boolean restricts = !hidden.isEmpty() || rowFilter.isPresent() || !masks.isEmpty();
        if (restricts && (effect != Rule.Effect.ALLOW || !privileges.contains(Privilege.SELECT))) {
            throw new IllegalArgumentException("hide_columns, row_filter and masks need effect 'allow' and the "
                    + "privilege 'select'");
        }
        for (String column : masks.keySet()) {
            if (hidden.stream().anyMatch(glob -> glob.matches(column))) {
                throw new IllegalArgumentException("column '" + column + "' is both hidden and masked; keep one");
            }
        }
        // The catalog adapter removes hidden columns from the table, so no expression can read them.
        List<String> expressions = new ArrayList<>();
        rowFilter.ifPresent(expressions::add);
        masks.values().forEach(mask -> mask.sql().ifPresent(expressions::add));
        for (String expression : expressions) {
            for (String column : SessionExpressions.columnNames(expression)) {
                if (hidden.stream().anyMatch(glob -> glob.matches(column))) {
                    throw new IllegalArgumentException("the expression '" + expression + "' uses column '"
                            + column + "', which the rule hides; hidden columns cannot be used in row filters or "
                            + "masks, mask the column instead");
                }
            }
        }
        return new Rule(name, globs(node, "users"), globs(node, "roles"), globs(node, "groups"),
                optionalString(node, "catalog").map(Glob::of).orElse(Glob.ANY), schema, table, privileges, effect,
                hidden, rowFilter, masks);
    }

    private static Set<Privilege> privileges(JsonNode rule) {
        List<String> names = strings(rule, "privileges");
        if (rule.get("privileges") == null || names.isEmpty()) {
            throw new IllegalArgumentException("'privileges' is required: a list of select, insert, create, drop, "
                    + "or all");
        }
        Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("all")) {
                privileges.addAll(EnumSet.allOf(Privilege.class));
                continue;
            }
            Optional<Privilege> privilege = EnumSet.allOf(Privilege.class).stream()
                    .filter(candidate -> candidate.ruleName().equals(lower)).findFirst();
            privileges.add(privilege.orElseThrow(() -> new IllegalArgumentException("unknown privilege '" + name
                    + "'; use select, insert, create, drop or all")));
        }
        return privileges;
    }

    private static Rule.Effect effect(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "allow" -> Rule.Effect.ALLOW;
            case "deny" -> Rule.Effect.DENY;
            default -> throw new IllegalArgumentException("'effect' must be allow or deny, not '" + value + "'");
        };
    }

    private static Map<String, MaskSpec> masks(JsonNode masks) {
        if (masks == null || masks.isNull()) {
            return Map.of();
        }
        if (!masks.isObject()) {
            throw new IllegalArgumentException("'masks' must map column names to masks");
        }
        Map<String, MaskSpec> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : masks.properties()) {
            try {
                parsed.put(entry.getKey(), mask(entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mask of column '" + entry.getKey() + "': " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    private static MaskSpec mask(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a mask must be a mapping with a 'type'");
        }
        checkKeys(node, MASK_KEYS, "a mask");
        JsonNode typeNode = node.get("type");
        if (typeNode == null) {
            throw new IllegalArgumentException("'type' is required");
        }
        // YAML reads an unquoted `type: null` as a null value; it still means the null mask.
        String type = typeNode.isNull() ? "null" : typeNode.asText().toLowerCase(Locale.ROOT);
        MaskSpec.Kind kind = EnumSet.allOf(MaskSpec.Kind.class).stream()
                .filter(candidate -> candidate.ruleName().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mask type '" + type
                        + "'; use null, fixed, hash, show_first, show_last, truncate or sql"));
        Optional<String> value = Optional.empty();
        int count = 0;
        Optional<MaskSpec.TruncateUnit> unit = Optional.empty();
        Optional<String> sql = Optional.empty();
        switch (kind) {
            case NULL, HASH -> {
            }
            case FIXED -> {
                JsonNode valueNode = node.get("value");
                if (valueNode == null || valueNode.isNull() || valueNode.isContainerNode()) {
                    throw new IllegalArgumentException("a fixed mask needs a scalar 'value'");
                }
                value = Optional.of(valueNode.asText());
            }
            case SHOW_FIRST, SHOW_LAST -> {
                JsonNode countNode = node.get("count");
                if (countNode == null || !countNode.canConvertToInt() || !countNode.isIntegralNumber()
                        || countNode.asInt() < 0) {
                    throw new IllegalArgumentException("'count' must be a whole number of characters, 0 or more");
                }
                count = countNode.asInt();
            }
            case TRUNCATE -> {
                String unitName = requiredString(node, "unit").toLowerCase(Locale.ROOT);
                unit = Optional.of(switch (unitName) {
                    case "year" -> MaskSpec.TruncateUnit.YEAR;
                    case "month" -> MaskSpec.TruncateUnit.MONTH;
                    default -> throw new IllegalArgumentException("'unit' must be year or month, not '"
                            + unitName + "'");
                });
            }
            case SQL -> {
                String expression = requiredString(node, "sql");
                checkExpression("sql", expression);
                sql = Optional.of(expression);
            }
        }
        return new MaskSpec(kind, value, count, unit, sql);
    }

    private static void checkExpression(String key, String expression) {
        try {
            SessionExpressions.validate(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' " + e.getMessage(), e);
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + name + "' in " + what + "; allowed keys: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String requiredString(JsonNode node, String key) {
        return optionalString(node, key)
                .orElseThrow(() -> new IllegalArgumentException("'" + key + "' is required"));
    }

    private static Optional<String> optionalString(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must be a non-empty string");
        }
        return Optional.of(value.asText());
    }

    /** A list of strings, or a single string meaning a list of one. */
    private static List<String> strings(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + key + "' must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' must be a list of non-empty strings");
            }
            strings.add(element.asText());
        }
        return strings;
    }

    private static List<Glob> globs(JsonNode node, String key) {
        return strings(node, key).stream().map(Glob::of).toList();
    }

    private static String nameSuffix(JsonNode node) {
        JsonNode name = node == null ? null : node.get("name");
        return name != null && name.isTextual() ? " ('" + name.asText() + "')" : "";
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }
}
