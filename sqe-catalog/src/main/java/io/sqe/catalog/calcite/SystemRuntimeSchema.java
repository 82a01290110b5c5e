package io.sqe.catalog.calcite;

import static io.sqe.catalog.calcite.MetadataTable.Column.nullableBigint;
import static io.sqe.catalog.calcite.MetadataTable.Column.nullableBoolean;
import static io.sqe.catalog.calcite.MetadataTable.Column.varchar;
import static java.util.Objects.requireNonNull;

import io.sqe.core.cluster.ClusterNode;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.schema.Table;

/**
 * Trino's {@code system.runtime} schema, with one table: {@code nodes}, the coordinator and the workers it
 * schedules on, as they are when the table is scanned. The first five columns are Trino's ({@code node_id},
 * {@code http_uri}, {@code node_version}, {@code coordinator}, {@code state}); {@code source}, {@code slots} and
 * {@code heartbeat_age_ms} are SQE's.
 */
public final class SystemRuntimeSchema extends ReadOnlySchema {
    public static final String NAME = "runtime";
    static final String NODES = "nodes";

    private final MetadataTable nodes;

    /** @param nodes the cluster's nodes, asked for on every scan of {@code nodes} */
    public SystemRuntimeSchema(Supplier<List<ClusterNode>> nodes) {
        requireNonNull(nodes, "nodes is null");
        this.nodes = new MetadataTable(List.of(varchar("node_id"), varchar("http_uri"), varchar("node_version"),
                nullableBoolean("coordinator"), varchar("state"), varchar("source"), nullableBigint("slots"),
                nullableBigint("heartbeat_age_ms")),
                () -> nodes.get().stream().map(SystemRuntimeSchema::row).toList());
    }

    private static Object[] row(ClusterNode node) {
        return new Object[] {node.nodeId(), node.uri(), node.version(), node.coordinator(), node.state(),
            node.source(), node.slots().isPresent() ? (Long) (long) node.slots().getAsInt() : null,
            node.heartbeatAgeMillis().isPresent() ? (Long) node.heartbeatAgeMillis().getAsLong() : null};
    }

    @Override
    Table table(String name) {
        return NODES.equals(name) ? nodes : null;
    }

    @Override
    Set<String> tableNames() {
        return Set.of(NODES);
    }
}
