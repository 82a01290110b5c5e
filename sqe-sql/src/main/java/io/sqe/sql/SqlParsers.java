package io.sqe.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The one Calcite parser configuration SQE uses. The coordinator validates with the same settings, so names resolve
 * the way the classifier parsed them.
 */
public final class SqlParsers {
    private static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(SqlConformanceEnum.BABEL);

    private SqlParsers() {}

    /**
     * Babel parser, Postgres/Trino lexing: double-quoted identifiers keep their case, unquoted ones fold to lower
     * case, matching is case-sensitive. Babel keeps words such as {@code value} and {@code year} usable as names;
     * {@code date}, {@code time} and {@code timestamp} must be quoted when used as names.
     */
    public static SqlParser.Config parserConfig() {
        return PARSER_CONFIG;
    }
}
