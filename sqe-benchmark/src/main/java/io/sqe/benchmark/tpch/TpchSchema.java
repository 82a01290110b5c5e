package io.sqe.benchmark.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The eight TPC-H tables with the specification's column names and types: keys {@code bigint}, counts and
 * sizes {@code integer}, money, quantities and rates {@code decimal(15,2)}, dates {@code date}, text
 * {@code varchar}. The generator hands out money as doubles of whole cents, so rounding them to two decimals
 * gives the exact value.
 */
final class TpchSchema {
    /** The order the loader writes the tables in: orders last, so a complete orders table means a complete load. */
    static final List<TpchTable<?>> LOAD_ORDER = List.of(TpchTable.REGION, TpchTable.NATION, TpchTable.SUPPLIER,
            TpchTable.CUSTOMER, TpchTable.PART, TpchTable.PART_SUPPLIER, TpchTable.LINE_ITEM, TpchTable.ORDERS);

    private TpchSchema() {}

    static String createTable(String qualifiedName, TpchTable<?> table) {
        List<String> columns = new ArrayList<>();
        for (TpchColumn<?> column : table.getColumns()) {
            columns.add(column.getColumnName() + " " + sqlType(column) + " NOT NULL");
        }
        return "CREATE TABLE " + qualifiedName + " (" + String.join(", ", columns) + ")";
    }

    static String sqlType(TpchColumn<?> column) {
        return switch (column.getType().getBase()) {
            case IDENTIFIER -> "bigint";
            case INTEGER -> "integer";
            case DOUBLE -> "decimal(15,2)";
            case DATE -> "date";
            case VARCHAR -> column.getType().getPrecision().map(length -> "varchar(" + length + ")").orElse("varchar");
        };
    }

    /** One row as a parenthesized list of SQL literals, appended to {@code sql}. */
    static <E extends TpchEntity> void appendRow(StringBuilder sql, List<TpchColumn<E>> columns, E row) {
        sql.append('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            appendLiteral(sql, columns.get(i), row);
        }
        sql.append(')');
    }

    private static <E extends TpchEntity> void appendLiteral(StringBuilder sql, TpchColumn<E> column, E row) {
        switch (column.getType().getBase()) {
            case IDENTIFIER:
                sql.append(column.getIdentifier(row));
                return;
            case INTEGER:
                sql.append(column.getInteger(row));
                return;
            case DOUBLE:
                sql.append(money(column.getDouble(row)).toPlainString());
                return;
            case DATE:
                sql.append("DATE '").append(LocalDate.ofEpochDay(column.getDate(row))).append('\'');
                return;
            case VARCHAR:
                sql.append('\'').append(column.getString(row).replace("'", "''")).append('\'');
                return;
        }
        throw new IllegalStateException("unhandled TPC-H column type " + column.getType().getBase());
    }

    /** {@code count(*)} of every table, named {@code prefix + table}, on either engine. */
    static Map<String, Long> rowCounts(Connection connection, String prefix) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (TpchTable<?> table : LOAD_ORDER) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + prefix + table.getTableName())) {
                    result.next();
                    counts.put(table.getTableName(), result.getLong(1));
                }
            }
        }
        return counts;
    }

    static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
