package io.sqe.coordinator.planner;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.calcite.CatalogSchema;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.PassthroughEnforcer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * TPC-H's eight tables at SF 1 as metadata only: each table's data files exist in its manifests, with the
 * record counts and column bounds of SF 1, but not on disk. Enough to plan the queries, not to run them.
 */
final class TpchStatisticsWarehouse implements AutoCloseable {
    private static final int ORDER_DATE_LOW = (int) LocalDate.of(1992, 1, 1).toEpochDay();
    private static final int ORDER_DATE_HIGH = (int) LocalDate.of(1998, 8, 2).toEpochDay();

    private final JdbcCatalog iceberg;
    private final SessionCatalog catalog;
    private final QueryPlanner planner = new QueryPlanner();

    TpchStatisticsWarehouse(Path warehouse) {
        iceberg = EmbeddedCatalogFactory.create(SqeConfig.defaults().catalog().withWarehouse(warehouse));
        catalog = new SessionCatalog("iceberg", iceberg);
        iceberg.createNamespace(Namespace.of("tpch"));
        table("region", 5, List.of(key("r_regionkey", 0, 4), text("r_name")));
        table("nation", 25, List.of(key("n_nationkey", 0, 24), text("n_name"), key("n_regionkey", 0, 4)));
        table("supplier", 10_000, List.of(key("s_suppkey", 1, 10_000), text("s_name"), key("s_nationkey", 0, 24)));
        table("customer", 150_000, List.of(key("c_custkey", 1, 150_000), key("c_nationkey", 0, 24),
                text("c_mktsegment")));
        table("part", 200_000, List.of(key("p_partkey", 1, 200_000), text("p_name"), text("p_type")));
        table("partsupp", 800_000, List.of(key("ps_partkey", 1, 200_000), key("ps_suppkey", 1, 10_000),
                money("ps_supplycost")));
        table("orders", 1_500_000, List.of(key("o_orderkey", 1, 6_000_000), key("o_custkey", 1, 150_000),
                date("o_orderdate", ORDER_DATE_LOW, ORDER_DATE_HIGH), text("o_orderstatus")));
        table("lineitem", 6_001_215, List.of(key("l_orderkey", 1, 6_000_000), key("l_partkey", 1, 200_000),
                key("l_suppkey", 1, 10_000), money("l_extendedprice"), money("l_discount"),
                date("l_shipdate", ORDER_DATE_LOW + 1, ORDER_DATE_HIGH + 121),
                date("l_commitdate", ORDER_DATE_LOW + 30, ORDER_DATE_HIGH + 90),
                date("l_receiptdate", ORDER_DATE_LOW + 2, ORDER_DATE_HIGH + 151)));
    }

    /** Plans {@code sql} against the {@code tpch} schema; the plan must never run (the files do not exist). */
    QueryPlanner.PlannedQuery plan(String sql) throws SqlParseException {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add("iceberg", new CatalogSchema(catalog, (table, projects, filters, context) -> {
            throw new IllegalStateException("this warehouse has metadata only");
        }));
        StringFunctions.register(root);
        return planner.plan(
                planner.validate(root, List.of("iceberg", "tpch"),
                        SqlParser.create(sql, io.sqe.sql.SqlParsers.parserConfig()).parseQuery()),
                ZoneId.of("America/Sao_Paulo"), PassthroughEnforcer.INSTANCE.forQuery(SessionUser.of("tester")));
    }

    Table icebergTable(String name) {
        return iceberg.loadTable(TableIdentifier.of("tpch", name));
    }

    @Override
    public void close() throws Exception {
        iceberg.close();
    }

    private record Column(String name, Type type, Object lower, Object upper) {}

    private static Column key(String name, long lower, long upper) {
        return new Column(name, Types.LongType.get(), lower, upper);
    }

    private static Column date(String name, int lower, int upper) {
        return new Column(name, Types.DateType.get(), lower, upper);
    }

    private static Column money(String name) {
        return new Column(name, Types.DecimalType.of(15, 2), null, null);
    }

    private static Column text(String name) {
        return new Column(name, Types.StringType.get(), null, null);
    }

    /** Creates the table and appends two data files that split its rows and share its column bounds. */
    private void table(String name, long rows, List<Column> columns) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            fields.add(Types.NestedField.optional(i + 1, columns.get(i).name(), columns.get(i).type()));
        }
        Table table = iceberg.createTable(TableIdentifier.of("tpch", name), new Schema(fields),
                PartitionSpec.unpartitioned());
        long firstHalf = rows / 2;
        table.newAppend()
                .appendFile(dataFile(table, name + "-1.parquet", firstHalf, columns))
                .appendFile(dataFile(table, name + "-2.parquet", rows - firstHalf, columns))
                .commit();
    }

    private static DataFile dataFile(Table table, String fileName, long rows, List<Column> columns) {
        Map<Integer, Long> valueCounts = new HashMap<>();
        Map<Integer, Long> nullCounts = new HashMap<>();
        Map<Integer, ByteBuffer> lowerBounds = new HashMap<>();
        Map<Integer, ByteBuffer> upperBounds = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            valueCounts.put(i + 1, rows);
            nullCounts.put(i + 1, 0L);
            if (column.lower() != null) {
                lowerBounds.put(i + 1, Conversions.toByteBuffer(column.type(), column.lower()));
                upperBounds.put(i + 1, Conversions.toByteBuffer(column.type(), column.upper()));
            }
        }
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + fileName)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(rows * 8)
                .withRecordCount(rows)
                .withMetrics(new Metrics(rows, null, valueCounts, nullCounts, null, lowerBounds, upperBounds))
                .build();
    }
}
