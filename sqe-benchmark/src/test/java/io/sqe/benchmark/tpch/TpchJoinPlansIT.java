package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plans SQE chooses for the 22 TPC-H queries at SF 0.01 (loaded through SQE's INSERT path, so the planner sees
 * real Iceberg statistics), read with EXPLAIN over Flight SQL JDBC: no join may be a Cartesian product, and the
 * whole of lineitem, the biggest table, is never the build side of an inner hash join.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchJoinPlansIT {
    private static final ScaleFactor SCALE_FACTOR = ScaleFactor.of("0.01");

    private SqeConnections server;
    private Connection sqe;

    @BeforeAll
    void load(@TempDir Path warehouse) throws SQLException {
        server = SqeConnections.startServer(FlightSqlJdbcDriver.load(
                Path.of(System.getProperty(FlightSqlJdbcDriver.JAR_PROPERTY, "target/client-drivers/missing.jar"))),
                warehouse);
        new TpchLoader(server::connect, server.maxStatementLength().orElseThrow(), 2).load(SCALE_FACTOR);
        sqe = server.connect();
        try (Statement statement = sqe.createStatement()) {
            statement.execute("USE " + SCALE_FACTOR.schemaName());
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (sqe != null) {
            sqe.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> noPlanHasACartesianProduct() {
        return TpchQueries.all().stream().map(query -> DynamicTest.dynamicTest("Q" + query, () -> {
            List<String> lines = explain(query);
            List<String> joins = lines.stream().filter(line -> line.strip().matches("Enumerable\\w*Join\\(.*")).toList();
            for (String join : joins) {
                assertThat(join).as("Q%d plan:%n%s", query, String.join("\n", lines)).doesNotContain("condition=[true]");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("EnumerableHashJoin(") && line.contains("joinType=[inner]")) {
                    assertThat(buildSide(lines, i)).as("Q%d build side of line %d:%n%s", query, i,
                            String.join("\n", lines)).doesNotContain("SqeTableScan(table=[[iceberg, "
                                    + SCALE_FACTOR.schemaName() + ", lineitem]], columns=");
                }
            }
        }));
    }

    private List<String> explain(int query) throws SQLException {
        try (Statement statement = sqe.createStatement();
                ResultSet plan = statement.executeQuery("EXPLAIN " + TpchQueries.sql(query))) {
            assertThat(plan.next()).isTrue();
            return List.of(plan.getString(1).split("\n"));
        }
    }

    /**
     * The second (right, build) input of the join on line {@code join}, when it is an unfiltered scan of all of a
     * table; empty otherwise. A filtered or aggregated lineitem may well be the smaller side.
     */
    private static String buildSide(List<String> lines, int join) {
        int childIndent = indent(lines.get(join)) + 2;
        int children = 0;
        for (int i = join + 1; i < lines.size() && indent(lines.get(i)) >= childIndent; i++) {
            if (indent(lines.get(i)) == childIndent && ++children == 2) {
                String child = lines.get(i).strip();
                return child.startsWith("SqeTableScan(") && !child.contains("pruningFilters") ? child : "";
            }
        }
        return "";
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
