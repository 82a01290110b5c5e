package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query results checked against an independent engine: DuckDB reads the Parquet files SQE wrote and runs
 * the same SQL. Numbers are compared at four decimal places (DuckDB's avg of a decimal is a double);
 * everything else exactly. Rows are compared in order when the query orders them totally, else as sets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbOracleIT {
    private static final String[] ORDERED_QUERIES = {
        "SELECT id, amount FROM orders WHERE amount IS NOT NULL ORDER BY amount DESC, id LIMIT 10",
        "SELECT id FROM customers ORDER BY id LIMIT 5 OFFSET 10",
        "SELECT c.region, sum(o.amount) AS revenue FROM orders o JOIN customers c ON o.customer_id = c.id"
                + " WHERE c.region IS NOT NULL GROUP BY c.region ORDER BY revenue DESC",
        "SELECT name, id FROM customers WHERE name IS NOT NULL ORDER BY name DESC, id LIMIT 7",
    };

    private static final String[] QUERIES = {
        "SELECT count(*) FROM customers",
        "SELECT id, name, region FROM customers WHERE region = 'north' AND vip",
        "SELECT region, count(*) AS n FROM customers GROUP BY region",
        "SELECT region, count(*) FROM customers GROUP BY region HAVING count(*) > 30",
        "SELECT count(DISTINCT region), count(name), count(*) FROM customers",
        "SELECT status, sum(amount), avg(amount), min(amount), max(amount) FROM orders GROUP BY status",
        "SELECT customer_id, sum(quantity) FROM orders WHERE amount > 100 GROUP BY customer_id",
        "SELECT c.name, o.amount FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.amount > 900",
        "SELECT c.id, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id",
        "SELECT r.name, c.id FROM customers c RIGHT JOIN regions r ON c.region = r.name WHERE c.id IS NULL OR c.id < 10",
        "SELECT r.name, c.region FROM (SELECT DISTINCT region FROM customers) c FULL JOIN regions r ON c.region = r.name",
        "SELECT count(*) FROM regions CROSS JOIN (SELECT DISTINCT status FROM orders) s",
        "SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE amount > 950)",
        "SELECT id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'returned')",
        "SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id"
                + " AND o.status = 'returned')",
        "SELECT id, amount FROM orders WHERE amount > (SELECT avg(amount) FROM orders) * 1.8",
        "SELECT c.id, (SELECT max(o.amount) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE c.id < 20",
        "WITH big AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id)"
                + " SELECT customer_id FROM big WHERE total > 5000",
        "SELECT region FROM customers UNION SELECT name FROM regions",
        "SELECT count(*) FROM (SELECT id FROM customers UNION ALL SELECT customer_id FROM orders) t",
        "SELECT region FROM customers INTERSECT SELECT name FROM regions",
        "SELECT name FROM regions EXCEPT SELECT region FROM customers",
        "SELECT id, CASE WHEN amount >= 500 THEN 'big' WHEN amount >= 100 THEN 'medium' ELSE 'small' END"
                + " FROM orders WHERE id < 50",
        "SELECT CAST(quantity AS bigint), CAST(quantity AS varchar), CAST(amount AS double) FROM orders WHERE id < 20",
        "SELECT upper(name), lower(region), char_length(name) FROM customers WHERE id < 30",
        "SELECT name || '-' || region, replace(name, 'a', 'A'), trim('  x  ') FROM customers WHERE id < 30",
        "SELECT count(*) FROM customers WHERE name LIKE 'A%'",
        "SELECT abs(discount - 0.5), round(amount, 1), floor(discount * 10), ceil(discount * 10), mod(quantity, 3)"
                + " FROM orders WHERE id < 30",
        "SELECT power(quantity, 2), sqrt(quantity) FROM orders WHERE id < 20",
        "SELECT EXTRACT(YEAR FROM signup), EXTRACT(MONTH FROM signup), count(*) FROM customers GROUP BY 1, 2",
        "SELECT id FROM customers WHERE signup BETWEEN DATE '2023-03-01' AND DATE '2023-06-30'",
        "SELECT count(*) FROM orders WHERE ordered_at >= TIMESTAMP '2024-03-01 00:00:00'"
                + " AND ordered_at < TIMESTAMP '2024-04-01 00:00:00'",
        "SELECT id, customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC, id)"
                + " FROM orders WHERE customer_id < 10",
        "SELECT id, rank() OVER (ORDER BY quantity) FROM orders WHERE customer_id < 5",
        "SELECT id, sum(amount) OVER (PARTITION BY customer_id) FROM orders WHERE customer_id < 8",
        "SELECT id, sum(quantity) OVER (PARTITION BY customer_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING"
                + " AND CURRENT ROW) FROM orders WHERE customer_id < 6",
        "SELECT id, coalesce(name, 'unknown'), nullif(region, 'north') FROM customers WHERE id < 40",
        "SELECT count(*) FROM orders WHERE amount IS NULL",
        "SELECT DISTINCT status FROM orders",
        "SELECT avg(total) FROM (SELECT customer_id, sum(quantity) AS total FROM orders GROUP BY customer_id) t",
        "SELECT count(*) FROM orders WHERE status IN ('shipped', 'returned')",
        "SELECT vip, count(*) FROM customers GROUP BY vip",
        "SELECT sum(amount * quantity), sum(amount) - sum(amount * 0.1) FROM orders",
        "SELECT 0.06 - 0.01",
        "SELECT EXTRACT(MONTH FROM ordered_at), count(*) FROM orders GROUP BY 1",
        "SELECT c.region, count(DISTINCT o.status) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region",
        "SELECT customer_id, count(*) FROM orders WHERE customer_id BETWEEN 10 AND 20 AND status <> 'new'"
                + " GROUP BY customer_id HAVING sum(quantity) > 20",
        "SELECT o.status, c.vip, count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY o.status, c.vip",
        // Aggregations pushed into the scan (issue 6): filters, arithmetic and group keys evaluated by the worker.
        "SELECT status, count(*), sum(amount * quantity), min(amount), max(quantity) FROM orders"
                + " WHERE amount BETWEEN 100 AND 500 GROUP BY status",
        "SELECT customer_id, sum(discount * quantity), count(amount), avg(amount) FROM orders"
                + " WHERE discount < 0.5 OR amount IS NULL GROUP BY customer_id",
        "SELECT signup, vip, count(*), min(name), max(name) FROM customers WHERE id > 20 GROUP BY signup, vip",
        "SELECT sum(amount * (1 - discount)), sum(amount * (1 - 0.25) * (1 + 0.08)) FROM orders WHERE quantity < 10",
    };

    private Path warehouse;

    private TestServer server;
    private Connection sqe;
    private Connection duckdb;

    @BeforeAll
    void loadData(@TempDir Path directory) throws Exception {
        warehouse = directory;
        server = TestServer.start(warehouse);
        sqe = server.connect("oracle");
        execute(sqe,
                "CREATE SCHEMA shop",
                "USE shop",
                "CREATE TABLE customers (id integer NOT NULL, name varchar, region varchar, signup date, vip boolean)",
                "CREATE TABLE orders (id bigint, customer_id integer, amount decimal(12,2), quantity integer,"
                        + " status varchar, ordered_at timestamp(6), discount double)"
                        + " WITH (partitioning = ARRAY['month(ordered_at)', 'bucket(customer_id, 4)'])",
                "CREATE TABLE regions (name varchar, manager varchar)",
                "INSERT INTO regions VALUES ('north', 'Ann'), ('south', 'Bob'), ('east', 'Cid'), ('central', 'Dee')");
        Random random = new Random(42);
        String[] names = {"Alice", "Bob", "Carla", "Dan", "Eve", "Abel", "Zoe", "Maria", "Aaron", "Olga"};
        String[] regions = {"north", "south", "east", "west"};
        List<String> customers = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            String name = id % 17 == 0 ? "NULL" : "'" + names[random.nextInt(names.length)] + id + "'";
            String region = id % 13 == 0 ? "NULL" : "'" + regions[random.nextInt(regions.length)] + "'";
            LocalDate signup = LocalDate.of(2023, 1, 1).plusDays(random.nextInt(365));
            customers.add("(" + id + ", " + name + ", " + region + ", DATE '" + signup + "', " + (id % 5 == 0) + ")");
        }
        execute(sqe, "INSERT INTO customers VALUES " + String.join(", ", customers));
        String[] statuses = {"new", "shipped", "returned", "cancelled"};
        for (int batch = 0; batch < 3; batch++) {
            List<String> orders = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                int id = batch * 1000 + i;
                String amount = id % 50 == 0 ? "NULL"
                        : BigDecimal.valueOf(100 + random.nextInt(99_900), 2).toPlainString();
                LocalDateTime orderedAt = LocalDateTime.of(2024, 1, 1, 0, 0)
                        .plusMinutes(random.nextInt(120 * 24 * 60)).plusNanos(random.nextInt(1_000_000) * 1000L);
                orders.add("(" + id + ", " + (1 + random.nextInt(220)) + ", " + amount + ", " + (1 + random.nextInt(20))
                        + ", '" + statuses[random.nextInt(statuses.length)] + "', TIMESTAMP '"
                        + orderedAt.toString().replace('T', ' ') + "', " + (random.nextInt(1000) / 1000.0) + ")");
            }
            execute(sqe, "INSERT INTO orders VALUES " + String.join(", ", orders));
        }
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        duckdb = DriverManager.getConnection("jdbc:duckdb:", properties);
        for (String table : List.of("customers", "orders", "regions")) {
            execute(duckdb, "CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + warehouse
                    + "/shop/" + table + "/data/**/*.parquet')");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (duckdb != null) {
            duckdb.close();
        }
        if (sqe != null) {
            sqe.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> unorderedQueriesMatchDuckDb() {
        return Stream.of(QUERIES).map(sql -> DynamicTest.dynamicTest(sql, () -> compare(sql, false)));
    }

    @TestFactory
    Stream<DynamicTest> orderedQueriesMatchDuckDbInOrder() {
        return Stream.of(ORDERED_QUERIES).map(sql -> DynamicTest.dynamicTest(sql, () -> compare(sql, true)));
    }

    private void compare(String sql, boolean ordered) throws SQLException {
        List<String> expected = normalizedRows(duckdb, sql);
        List<String> actual = normalizedRows(sqe, sql);
        if (!ordered) {
            expected.sort(null);
            actual.sort(null);
        }
        assertThat(expected).as("DuckDB returned rows").isNotEmpty();
        assertThat(actual).as(sql).containsExactlyElementsOf(expected);
    }

    private static List<String> normalizedRows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = resultSet.getMetaData();
            while (resultSet.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    values.add(normalize(resultSet.getObject(i)));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }

    private static String normalize(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number) {
            BigDecimal decimal = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
            return decimal.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
