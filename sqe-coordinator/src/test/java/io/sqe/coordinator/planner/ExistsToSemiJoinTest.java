package io.sqe.coordinator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExistsToSemiJoinTest {
    /** TPC-H Q21. */
    private static final String Q21 = """
            SELECT s_name, count(*) AS numwait
            FROM supplier, lineitem l1, orders, nation
            WHERE s_suppkey = l1.l_suppkey AND o_orderkey = l1.l_orderkey AND o_orderstatus = 'F'
              AND l1.l_receiptdate > l1.l_commitdate
              AND EXISTS (SELECT * FROM lineitem l2
                          WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
              AND NOT EXISTS (SELECT * FROM lineitem l3
                              WHERE l3.l_orderkey = l1.l_orderkey AND l3.l_suppkey <> l1.l_suppkey
                                AND l3.l_receiptdate > l3.l_commitdate)
              AND s_nationkey = n_nationkey AND n_name = 'SAUDI ARABIA'
            GROUP BY s_name ORDER BY numwait DESC, s_name LIMIT 100""";

    private TpchStatisticsWarehouse warehouse;

    @BeforeAll
    void createWarehouse(@TempDir Path directory) {
        warehouse = new TpchStatisticsWarehouse(directory);
    }

    @AfterAll
    void close() throws Exception {
        warehouse.close();
    }

    @Test
    void q21ReadsEachTableOnceForTheOuterQueryAndOnceForEachSubQuery() throws Exception {
        RelNode plan = warehouse.plan(Q21).physical();
        assertThat(scannedTables(plan)).as(RelOptUtil.toString(plan))
                .containsExactlyInAnyOrder("supplier", "lineitem", "orders", "nation", "lineitem", "lineitem");
        assertThat(joinTypes(plan)).as(RelOptUtil.toString(plan))
                .containsExactlyInAnyOrder(JoinRelType.ANTI, JoinRelType.SEMI, JoinRelType.INNER, JoinRelType.INNER,
                        JoinRelType.INNER);
    }

    @Test
    void existsBecomesASemiJoinAndNotExistsAnAntiJoin() throws Exception {
        assertThat(joinTypes(warehouse.plan(
                "SELECT count(*) FROM orders WHERE EXISTS (SELECT 1 FROM customer WHERE c_custkey = o_custkey)")
                .physical())).containsExactly(JoinRelType.SEMI);
        assertThat(joinTypes(warehouse.plan(
                "SELECT count(*) FROM orders WHERE NOT EXISTS (SELECT 1 FROM customer WHERE c_custkey = o_custkey"
                        + " AND c_mktsegment = 'BUILDING')")
                .physical())).containsExactly(JoinRelType.ANTI);
    }

    @Test
    void otherSubQueryShapesTakeTheGeneralPath() throws Exception {
        // EXISTS over an aggregate, and EXISTS under OR: neither is a plain semi join.
        RelNode aggregate = warehouse.plan("SELECT count(*) FROM orders WHERE EXISTS"
                + " (SELECT count(*) FROM customer WHERE c_custkey = o_custkey HAVING count(*) > 1)").physical();
        assertThat(joinTypes(aggregate)).doesNotContain(JoinRelType.SEMI, JoinRelType.ANTI);
        RelNode disjunction = warehouse.plan("SELECT count(*) FROM orders WHERE o_orderstatus = 'F' OR EXISTS"
                + " (SELECT 1 FROM customer WHERE c_custkey = o_custkey)").physical();
        assertThat(joinTypes(disjunction)).doesNotContain(JoinRelType.SEMI, JoinRelType.ANTI);
    }

    private static List<JoinRelType> joinTypes(RelNode node) {
        List<JoinRelType> types = new ArrayList<>();
        if (node instanceof Join) {
            types.add(((Join) node).getJoinType());
        }
        for (RelNode input : node.getInputs()) {
            types.addAll(joinTypes(input));
        }
        return types;
    }

    private static List<String> scannedTables(RelNode node) {
        List<String> tables = new ArrayList<>();
        if (node instanceof TableScan) {
            List<String> name = node.getTable().getQualifiedName();
            tables.add(name.get(name.size() - 1));
        }
        for (RelNode input : node.getInputs()) {
            tables.addAll(scannedTables(input));
        }
        return tables;
    }
}
