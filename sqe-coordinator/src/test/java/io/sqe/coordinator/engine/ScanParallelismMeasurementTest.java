package io.sqe.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.core.config.SqeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times scan-heavy queries over a TPC-H warehouse loaded by {@code sqe-benchmark/bin/sqe-tpch}, in-process (no
 * client protocol), with {@code [query] scan_parallelism} 1 and 2, alternating. Off unless
 * {@code -Dsqe.scanMeasurement.warehouse=DIR} names the warehouse (no server may be using it); docs/benchmarks.md
 * has the command and the figures.
 */
@EnabledIfSystemProperty(named = "sqe.scanMeasurement.warehouse", matches = ".+")
class ScanParallelismMeasurementTest {
    private static final List<String> QUERIES = List.of(
            "SELECT count(*), sum(l_quantity) FROM tpch_sf0_1.lineitem WHERE l_shipdate > DATE '1995-01-01'",
            "SELECT count(*), sum(l_quantity) FROM tpch_sf0_1.lineitem WHERE l_comment LIKE '%furious%'");
    private static final int ROUNDS = 3;
    private static final int WARM_UP = 3;
    private static final int RUNS = 9;

    @Test
    void parallelismOneAgainstTwo() {
        Path warehouse = Path.of(System.getProperty("sqe.scanMeasurement.warehouse"));
        List<List<List<List<Object>>>> results = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (int parallelism : new int[] {1, 2}) {
                try (EngineHarness harness = new EngineHarness(warehouse,
                        SqeConfig.defaults().query().withScanParallelism(parallelism))) {
                    List<List<List<Object>>> answers = new ArrayList<>();
                    for (String sql : QUERIES) {
                        List<Long> millis = new ArrayList<>();
                        List<List<Object>> answer = null;
                        for (int run = 0; run < WARM_UP + RUNS; run++) {
                            long started = System.nanoTime();
                            answer = harness.run(sql);
                            if (run >= WARM_UP) {
                                millis.add((System.nanoTime() - started) / 1_000_000);
                            }
                        }
                        Collections.sort(millis);
                        answers.add(answer);
                        System.out.printf(Locale.ROOT, "round %d parallelism %d: median %d ms, min %d ms: %s%n",
                                round, parallelism, millis.get(RUNS / 2), millis.get(0), sql);
                    }
                    results.add(answers);
                    assertThat(harness.allocator().getAllocatedMemory()).isZero();
                }
            }
        }
        assertThat(results).allSatisfy(answers -> assertThat(answers).isEqualTo(results.get(0)));
    }
}
