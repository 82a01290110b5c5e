package io.sqe.core.cluster;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One process of an SQE cluster as {@code system.runtime.nodes} shows it: the coordinator itself, or a worker it
 * schedules scans on.
 *
 * @param nodeId the worker's registration id; for a listed worker or the coordinator, its URL
 * @param uri where the node is reached: the coordinator's Flight SQL address, a worker's Flight address
 * @param version the node's SQE version; empty when not known (a listed worker does not say)
 * @param coordinator whether this is the coordinator
 * @param state {@code active}, or {@code down} for a worker left out of scheduling after a failed task
 * @param source {@code self}, {@code static} ({@code worker_urls}) or {@code registered} (heartbeats)
 * @param slots the scans a registered worker runs at once
 * @param heartbeatAgeMillis how long ago a registered worker's last heartbeat arrived
 */
public record ClusterNode(String nodeId, String uri, String version, boolean coordinator, String state,
        String source, OptionalInt slots, OptionalLong heartbeatAgeMillis) {
    public static final String ACTIVE = "active";
    public static final String DOWN = "down";

    public ClusterNode {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(version, "version is null");
        requireNonNull(state, "state is null");
        requireNonNull(source, "source is null");
        requireNonNull(slots, "slots is null");
        requireNonNull(heartbeatAgeMillis, "heartbeatAgeMillis is null");
    }
}
