/**
 * The TPC-H benchmark of SQE: {@link io.sqe.benchmark.tpch.TpchLoader} writes the eight tables through SQE's
 * own SQL write path, {@link io.sqe.benchmark.tpch.DuckDbReference} reads the same Parquet files in DuckDB,
 * and {@link io.sqe.benchmark.tpch.TpchBenchmark} runs the 22 queries on both engines, compares the results
 * with {@link io.sqe.benchmark.tpch.ResultComparison} and reports the timings.
 */
package io.sqe.benchmark.tpch;
