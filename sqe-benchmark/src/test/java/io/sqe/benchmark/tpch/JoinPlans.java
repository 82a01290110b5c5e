package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Checks on the EXPLAIN text of a TPC-H plan: no join may be a Cartesian product, and the whole of lineitem, the
 * biggest table, is never the build side of an inner hash join.
 */
final class JoinPlans {
    private JoinPlans() {}

    static void check(int query, List<String> lines, String schema) {
        String plan = String.join("\n", lines);
        for (String line : lines) {
            if (line.strip().matches("Enumerable\\w*Join\\(.*")) {
                assertThat(line).as("Q%d plan:%n%s", query, plan).doesNotContain("condition=[true]");
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("EnumerableHashJoin(") && line.contains("joinType=[inner]")) {
                assertThat(buildSide(lines, i)).as("Q%d build side of line %d:%n%s", query, i, plan)
                        .doesNotContain("SqeTableScan(table=[[iceberg, " + schema + ", lineitem]], columns=");
            }
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
