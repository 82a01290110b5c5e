/**
 * The Trino client protocol over SQE's {@link io.sqe.core.engine.QueryEngine}: {@code POST /v1/statement} starts a
 * query, the client follows {@code nextUri} to page through the results, and session state (catalog, schema,
 * session properties, prepared statements) travels in {@code X-Trino-*} headers, so the stock trino-cli and
 * trino-jdbc work unchanged. {@link io.sqe.trino.TrinoProtocolServer} is the entry point.
 */
package io.sqe.trino;
