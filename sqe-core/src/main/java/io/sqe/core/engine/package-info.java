/**
 * The contract between client protocols (Flight SQL, the Trino HTTP protocol) and the query engine: a statement
 * is prepared once into a {@link io.sqe.core.engine.StatementPlan} and executed into a
 * {@link io.sqe.core.engine.ResultStream} of Arrow batches; {@link io.sqe.core.engine.CatalogMetadata} answers
 * protocol metadata calls.
 */
package io.sqe.core.engine;
