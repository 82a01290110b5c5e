package io.sqe.policy.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.policy.Privilege;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesFileParserTest {
    private static final String YAML = """
            version: 1
            rules:
              - name: admins
                groups: [dba]
                privileges: all
              - name: analysts-orders
                description: analysts read orders of their region
                users: ["a*"]
                roles: [analyst]
                catalog: lake
                schema: sales
                table: "orders_*"
                privileges: [select]
                hide_columns: [card_number, "*_secret"]
                row_filter: "region = 'EU' AND owner = current_user"
                masks:
                  email: {type: hash}
                  phone: {type: show_last, count: 4}
                  birth_date: {type: truncate, unit: year}
                  salary: {type: null}
                  name: {type: fixed, value: "***"}
                  notes: {type: sql, sql: "substring(notes from 1 for 10)"}
              - name: no-drops
                catalog: lake
                schema: "*"
                privileges: [drop]
                effect: deny
            """;

    private static final String JSON = """
            {"version": 1, "rules": [
              {"name": "admins", "groups": ["dba"], "privileges": "all"},
              {"name": "analysts-orders", "description": "analysts read orders of their region",
               "users": ["a*"], "roles": ["analyst"], "catalog": "lake", "schema": "sales", "table": "orders_*",
               "privileges": ["select"], "hide_columns": ["card_number", "*_secret"],
               "row_filter": "region = 'EU' AND owner = current_user",
               "masks": {"email": {"type": "hash"}, "phone": {"type": "show_last", "count": 4},
                         "birth_date": {"type": "truncate", "unit": "year"}, "salary": {"type": "null"},
                         "name": {"type": "fixed", "value": "***"},
                         "notes": {"type": "sql", "sql": "substring(notes from 1 for 10)"}}},
              {"name": "no-drops", "catalog": "lake", "schema": "*", "privileges": ["drop"], "effect": "deny"}
            ]}
            """;

    @Test
    void yamlAndJsonReadTheSame() {
        RuleSet yaml = RulesFileParser.parse(YAML, false);
        RuleSet json = RulesFileParser.parse(JSON, true);
        assertThat(yaml.toString()).isEqualTo(json.toString());
        assertThat(yaml.rules()).extracting(Rule::name).containsExactly("admins", "analysts-orders", "no-drops");
    }

    @Test
    void ruleFieldsAreRead() {
        Rule rule = RulesFileParser.parse(YAML, false).rules().get(1);
        assertThat(rule.users()).extracting(Glob::pattern).containsExactly("a*");
        assertThat(rule.roles()).extracting(Glob::pattern).containsExactly("analyst");
        assertThat(rule.catalog().pattern()).isEqualTo("lake");
        assertThat(rule.schema()).map(Glob::pattern).hasValue("sales");
        assertThat(rule.table()).map(Glob::pattern).hasValue("orders_*");
        assertThat(rule.privileges()).containsExactly(Privilege.SELECT);
        assertThat(rule.effect()).isEqualTo(Rule.Effect.ALLOW);
        assertThat(rule.hides("card_number")).isTrue();
        assertThat(rule.hides("api_secret")).isTrue();
        assertThat(rule.hides("email")).isFalse();
        assertThat(rule.rowFilter()).hasValue("region = 'EU' AND owner = current_user");
        assertThat(rule.masks().get("email").kind()).isEqualTo(MaskSpec.Kind.HASH);
        assertThat(rule.masks().get("phone").count()).isEqualTo(4);
        assertThat(rule.masks().get("birth_date").unit()).hasValue(MaskSpec.TruncateUnit.YEAR);
        assertThat(rule.masks().get("salary").kind()).isEqualTo(MaskSpec.Kind.NULL);
        assertThat(rule.masks().get("name").value()).hasValue("***");
        assertThat(rule.masks().get("notes").sql()).hasValue("substring(notes from 1 for 10)");
        Rule admins = RulesFileParser.parse(YAML, false).rules().get(0);
        assertThat(admins.privileges()).isEqualTo(EnumSet.allOf(Privilege.class));
        assertThat(admins.schema()).isEqualTo(Optional.empty());
        assertThat(RulesFileParser.parse(YAML, false).rules().get(2).effect()).isEqualTo(Rule.Effect.DENY);
    }

    @Test
    void unquotedYamlNullMaskTypeIsTheNullMask() {
        RuleSet rules = RulesFileParser.parse("""
                rules:
                  - name: r
                    privileges: [select]
                    masks:
                      c: {type: null}
                """, false);
        assertThat(rules.rules().get(0).masks().get("c").kind()).isEqualTo(MaskSpec.Kind.NULL);
    }

    @Test
    void emptyRulesListDeniesEverything() {
        assertThat(RulesFileParser.parse("rules: []", false).rules()).isEmpty();
    }

    @Test
    void mistakesAreReportedWithRuleAndKey() {
        assertInvalid("rules:\n  - name: r\n    privileges: [select]\n    maks: {}\n",
                "rule 1 ('r'): unknown key 'maks' in a rule; allowed keys: catalog, description, effect, groups, "
                        + "hide_columns, masks, name, privileges, roles, row_filter, schema, table, users");
        assertInvalid("rules:\n  - name: r\n    privileges: [read]\n",
                "rule 1 ('r'): unknown privilege 'read'; use select, insert, create, drop or all");
        assertInvalid("rules:\n  - name: r\n", "rule 1 ('r'): 'privileges' is required: a list of select, insert, "
                + "create, drop, or all");
        assertInvalid("rules:\n  - privileges: [select]\n", "rule 1: 'name' is required");
        assertInvalid("rules:\n  - {name: r, privileges: [select]}\n  - {name: r, privileges: [select]}\n",
                "rule 2 ('r'): the name 'r' is used by an earlier rule");
        assertInvalid("rules:\n  - {name: r, privileges: [select], effect: maybe}\n",
                "rule 1 ('r'): 'effect' must be allow or deny, not 'maybe'");
        assertInvalid("rules:\n  - {name: r, privileges: [select], masks: {c: {type: blur}}}\n",
                "rule 1 ('r'): mask of column 'c': unknown mask type 'blur'; use null, fixed, hash, show_first, "
                        + "show_last, truncate or sql");
        assertInvalid("rules:\n  - {name: r, privileges: [select], masks: {c: {type: show_first}}}\n",
                "rule 1 ('r'): mask of column 'c': 'count' must be a whole number of characters, 0 or more");
        assertInvalid("rules:\n  - {name: r, privileges: [select], masks: {c: {type: truncate, unit: day}}}\n",
                "rule 1 ('r'): mask of column 'c': 'unit' must be year or month, not 'day'");
        assertInvalid("rules:\n  - {name: r, privileges: [select], masks: {c: {type: fixed}}}\n",
                "rule 1 ('r'): mask of column 'c': a fixed mask needs a scalar 'value'");
        assertInvalid("rules:\n  - {name: r, privileges: [insert], row_filter: \"a = 1\"}\n",
                "rule 1 ('r'): hide_columns, row_filter and masks need effect 'allow' and the privilege 'select'");
        assertInvalid("rules:\n  - {name: r, privileges: [select], hide_columns: [c], masks: {c: {type: hash}}}\n",
                "rule 1 ('r'): column 'c' is both hidden and masked; keep one");
        assertInvalid("rules:\n  - {name: r, privileges: [select], row_filter: \"region = \"}\n",
                "rule 1 ('r'): 'row_filter' does not parse: ");
        assertInvalid("rules:\n  - {name: r, privileges: [select], masks: {c: {type: sql, sql: \"is_role_in_session(x)\"}}}\n",
                "rule 1 ('r'): mask of column 'c': 'sql' is_role_in_session takes one string literal");
        assertInvalid("rules:\n  - {name: r, privileges: [select], hide_columns: [\"re*\"], row_filter: \"region = 'EU'\"}\n",
                "rule 1 ('r'): the expression 'region = 'EU'' uses column 'region', which the rule hides; hidden "
                        + "columns cannot be used in row filters or masks, mask the column instead");
        assertInvalid("version: 2\nrules: []\n", "'version' must be 1");
        assertInvalid("rule: []\n", "unknown key 'rule' in the top level; allowed keys: rules, version");
        assertInvalid("", "the file is empty; it needs a 'rules' list");
        assertInvalid("rules: {}\n", "'rules' must be a list of rules");
        assertInvalid("rules: [\n", "not valid YAML: ");
    }

    @Test
    void invalidJsonIsReportedWithItsLocation() {
        assertThatThrownBy(() -> RulesFileParser.parse("{\"rules\": [}", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid JSON: ")
                .hasMessageContaining("at line 1, column 12");
    }

    private static void assertInvalid(String content, String messageStart) {
        assertThatThrownBy(() -> RulesFileParser.parse(content, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageStart);
    }
}
