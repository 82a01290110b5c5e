/** What the processes of an SQE cluster know about each other: {@link io.sqe.core.cluster.ClusterNode}. */
package io.sqe.core.cluster;
