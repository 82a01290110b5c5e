package io.sqe.benchmark.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /** {@code INSERT INTO qualifiedName VALUES (?, ...)} with one parameter per column. */
    static String insert(String qualifiedName, TpchTable<?> table) {
        return "INSERT INTO " + qualifiedName + " VALUES (" + String.join(", ",
                java.util.Collections.nCopies(table.getColumns().size(), "?")) + ")";
    }

    /** Binds one generated row to the parameters of {@link #insert}. */
    static <E extends TpchEntity> void bind(PreparedStatement insert, List<TpchColumn<E>> columns, E row)
            throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            TpchColumn<E> column = columns.get(i);
            int parameter = i + 1;
            switch (column.getType().getBase()) {
                case IDENTIFIER -> insert.setLong(parameter, column.getIdentifier(row));
                case INTEGER -> insert.setInt(parameter, column.getInteger(row));
                // The driver requires a BigDecimal of exactly the column's scale.
                case DOUBLE -> insert.setBigDecimal(parameter, money(column.getDouble(row)));
                case DATE -> insert.setDate(parameter, java.sql.Date.valueOf(LocalDate.ofEpochDay(column.getDate(row))));
                case VARCHAR -> insert.setString(parameter, column.getString(row));
                default -> throw new IllegalStateException("unhandled TPC-H column type " + column.getType().getBase());
            }
        }
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
