/** Type mappings between Iceberg and Arrow, shared by the worker that fills vectors and the coordinator. */
package io.sqe.planner.types;
