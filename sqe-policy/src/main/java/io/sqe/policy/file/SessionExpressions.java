package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import io.sqe.sql.SqlParsers;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.NlsString;

/**
 * Rule expressions (row filters, SQL masks) as SQL text: parsed with SQE's parser, session functions replaced by
 * literals, written back with every identifier double-quoted and every literal escaped, so the result means the
 * same to any parser with SQE's lexing and nothing a user name contains can change the expression.
 *
 * <p>Session functions: {@code current_user} (also {@code session_user}, {@code user}) becomes the user's name;
 * {@code is_role_in_session('r')} and {@code is_group_member('g')} become TRUE or FALSE.
 */
final class SessionExpressions {
    static final SqlDialect DIALECT = CalciteSqlDialect.DEFAULT;
    private static final SessionUser VALIDATION_USER = new SessionUser("policy-validation", Set.of(), Set.of());

    private SessionExpressions() {}

    /** Checks an expression at load time; the message says what is wrong. */
    static void validate(String expression) {
        substitute(expression, VALIDATION_USER);
    }

    /** The column names an expression refers to (last part of each name, session functions excluded). */
    static Set<String> columnNames(String expression) {
        Set<String> names = new java.util.TreeSet<>();
        parse(expression).accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                String name = identifier.names.get(identifier.names.size() - 1);
                boolean sessionFunction = identifier.isSimple() && !identifier.isComponentQuoted(0)
                        && SESSION_USER_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT));
                if (!sessionFunction && !name.isEmpty()) {
                    names.add(name);
                }
                return null;
            }
        });
        return names;
    }

    /** The expression with session functions replaced for {@code user}, as canonical SQL text. */
    static String substitute(String expression, SessionUser user) {
        requireNonNull(expression, "expression is null");
        requireNonNull(user, "user is null");
        SqlNode parsed = parse(expression);
        SqlNode substituted = parsed.accept(new Substitution(user));
        return substituted.toSqlString(DIALECT).getSql();
    }

    /** A string as a SQL character literal. */
    static String quoteLiteral(String value) {
        return SqlLiteral.createCharString(value, org.apache.calcite.sql.parser.SqlParserPos.ZERO)
                .toSqlString(DIALECT).getSql();
    }

    /** A name as a double-quoted identifier. */
    static String quoteIdentifier(String name) {
        return DIALECT.quoteIdentifier(name);
    }

    private static SqlNode parse(String expression) {
        SqlParser.Config config = SqlParsers.parserConfig();
        try {
            SqlNode node = SqlParser.create(expression, config).parseExpression();
            if (node instanceof SqlSelect || node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.ORDER_BY) {
                throw new IllegalArgumentException("expected an expression, not a query");
            }
            return node;
        } catch (SqlParseException e) {
            String message = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("does not parse: " + message, e);
        }
    }

    private static final Set<String> SESSION_USER_FUNCTIONS = Set.of("current_user", "session_user", "user");

    private static final class Substitution extends SqlShuttle {
        private final SessionUser user;

        Substitution(SessionUser user) {
            this.user = user;
        }

        /** Unquoted {@code current_user} parses as a name; Calcite resolves it as the function, and so do we. */
        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            if (identifier.isSimple() && !identifier.isComponentQuoted(0)
                    && SESSION_USER_FUNCTIONS.contains(identifier.getSimple().toLowerCase(Locale.ROOT))) {
                return SqlLiteral.createCharString(user.name(), identifier.getParserPosition());
            }
            return identifier;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (call.getKind() == SqlKind.SCALAR_QUERY || call.getKind() == SqlKind.EXISTS || call instanceof SqlSelect) {
                throw new IllegalArgumentException("sub-queries are not supported in policy expressions");
            }
            if (call.getKind() == SqlKind.OVER || call.getKind() == SqlKind.FILTER
                    || call.getKind() == SqlKind.WITHIN_GROUP) {
                throw new IllegalArgumentException("window and aggregate functions are not allowed in policy "
                        + "expressions: they see one row at a time");
            }
            String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            if (call.operandCount() == 0 && SESSION_USER_FUNCTIONS.contains(name)) {
                return SqlLiteral.createCharString(user.name(), call.getParserPosition());
            }
            if (call.getOperator() instanceof SqlFunction
                    && (name.equals("is_role_in_session") || name.equals("is_group_member"))) {
                String argument = stringArgument(call, name);
                boolean member = name.equals("is_role_in_session")
                        ? user.roles().contains(argument)
                        : user.groups().contains(argument);
                return SqlLiteral.createBoolean(member, call.getParserPosition());
            }
            return super.visit(call);
        }

        private static String stringArgument(SqlCall call, String name) {
            if (call.operandCount() != 1 || !(call.operand(0) instanceof SqlCharStringLiteral)) {
                throw new IllegalArgumentException(name + " takes one string literal, for example "
                        + name + "('analyst')");
            }
            return ((SqlCharStringLiteral) call.operand(0)).getValueAs(NlsString.class).getValue();
        }
    }
}
