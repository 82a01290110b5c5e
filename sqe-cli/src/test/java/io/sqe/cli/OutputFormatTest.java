package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
    private static final Schema PEOPLE = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("price", new ArrowType.Decimal(10, 2, 128)),
            Field.nullable("born", new ArrowType.Date(DateUnit.DAY))));

    private static final Schema TYPES = new Schema(List.of(
            Field.nullable("ok", ArrowType.Bool.INSTANCE),
            Field.nullable("ratio", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("at", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
            Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            Field.nullable("tstz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            Field.nullable("bytes", ArrowType.Binary.INSTANCE)));

    private BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void table() {
        assertThat(print(OutputFormat.TABLE)).isEqualTo("""
                id | name               | price | born
                ---+--------------------+-------+-----------
                 1 | Ada                |  0.05 | 1815-12-10
                 2 | NULL               | 12.50 | NULL
                10 | Grace, "Amaz\\ning" |  NULL | 1906-12-09
                (3 rows)
                """);
    }

    @Test
    void csv() {
        assertThat(print(OutputFormat.CSV)).isEqualTo(
                "id,name,price,born\n"
                        + "1,Ada,0.05,1815-12-10\n"
                        + "2,,12.50,\n"
                        + "10,\"Grace, \"\"Amaz\ning\"\"\",,1906-12-09\n");
    }

    @Test
    void tsv() {
        assertThat(print(OutputFormat.TSV)).isEqualTo(
                "id\tname\tprice\tborn\n"
                        + "1\tAda\t0.05\t1815-12-10\n"
                        + "2\t\\N\t12.50\t\\N\n"
                        + "10\tGrace, \"Amaz\\ning\"\t\\N\t1906-12-09\n");
    }

    @Test
    void json() {
        assertThat(print(OutputFormat.JSON)).isEqualTo("""
                {"id":1,"name":"Ada","price":"0.05","born":"1815-12-10"}
                {"id":2,"name":null,"price":"12.50","born":null}
                {"id":10,"name":"Grace, \\"Amaz\\ning\\"","price":null,"born":"1906-12-09"}
                """);
    }

    @Test
    void temporalBooleanFloatingAndBinaryValues() {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(TYPES, allocator)) {
            root.allocateNew();
            ((BitVector) root.getVector("ok")).setSafe(0, 1);
            ((Float8Vector) root.getVector("ratio")).setSafe(0, 0.25);
            ((TimeMicroVector) root.getVector("at")).setSafe(0, 13L * 3_600_000_000L + 5_000_000L + 120L);
            ((TimeStampMicroVector) root.getVector("ts")).setSafe(0, 1_700_000_000_123_456L);
            ((TimeStampMicroTZVector) root.getVector("tstz")).setSafe(0, 1_700_000_000_000_000L);
            ((VarBinaryVector) root.getVector("bytes")).setSafe(0, new byte[] {(byte) 0xca, (byte) 0xfe, 0x01});
            ((BitVector) root.getVector("ok")).setSafe(1, 0);
            ((TimeMicroVector) root.getVector("at")).setSafe(1, 13L * 3_600_000_000L);
            root.setRowCount(2);

            assertThat(print(OutputFormat.TABLE, root)).isEqualTo("""
                    ok    | ratio | at              | ts                         | tstz                           | bytes
                    ------+-------+-----------------+----------------------------+--------------------------------+-------
                    true  |  0.25 | 13:00:05.000120 | 2023-11-14 22:13:20.123456 | 2023-11-14 22:13:20.000000 UTC | cafe01
                    false |  NULL | 13:00:00        | NULL                       | NULL                           | NULL
                    (2 rows)
                    """);
            assertThat(print(OutputFormat.JSON, root)).isEqualTo("""
                    {"ok":true,"ratio":0.25,"at":"13:00:05.000120","ts":"2023-11-14 22:13:20.123456",\
                    "tstz":"2023-11-14 22:13:20.000000 UTC","bytes":"cafe01"}
                    {"ok":false,"ratio":null,"at":"13:00:00","ts":null,"tstz":null,"bytes":null}
                    """);
        }
    }

    @Test
    void planLinesArePrintedAsTheyAre() {
        Schema plan = new Schema(List.of(Field.nullable("Query Plan", ArrowType.Utf8.INSTANCE)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(plan, allocator)) {
            root.allocateNew();
            ((org.apache.arrow.vector.VarCharVector) root.getVector(0)).setSafe(0,
                    "Sort[$0 ASC]\n  TableScan[table=s.t]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            root.setRowCount(1);
            assertThat(print(OutputFormat.TABLE, root)).isEqualTo("""
                    Query Plan
                    ----------------------
                    Sort[$0 ASC]
                      TableScan[table=s.t]
                    (1 row)
                    """);
        }
    }

    @Test
    void emptyResultAndSingleRowFooter() {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(PEOPLE, allocator)) {
            root.allocateNew();
            root.setRowCount(0);
            assertThat(print(OutputFormat.TABLE, root)).isEqualTo("""
                    id | name | price | born
                    ---+------+-------+-----
                    (0 rows)
                    """);
            ((BigIntVector) root.getVector("id")).setSafe(0, 7);
            root.setRowCount(1);
            assertThat(print(OutputFormat.TABLE, root)).endsWith("(1 row)\n");
        }
    }

    @Test
    void updateMessages() {
        assertThat(StatementRunner.updateMessage("INSERT INTO t VALUES (1), (2)", 2)).isEqualTo("OK (2 rows affected)");
        assertThat(StatementRunner.updateMessage("-- note\n delete from t", 1)).isEqualTo("OK (1 row affected)");
        assertThat(StatementRunner.updateMessage("CREATE TABLE t (x int)", 0)).isEqualTo("OK");
        assertThat(StatementRunner.updateMessage("CREATE TABLE t AS SELECT 1 AS x", 1)).isEqualTo("OK (1 row affected)");
        assertThat(StatementRunner.updateMessage("INSERT INTO t SELECT * FROM t WHERE false", 0))
                .isEqualTo("OK (0 rows affected)");
    }

    private String print(OutputFormat format) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(PEOPLE, allocator)) {
            root.allocateNew();
            BigIntVector ids = (BigIntVector) root.getVector("id");
            VarCharVector names = (VarCharVector) root.getVector("name");
            DecimalVector prices = (DecimalVector) root.getVector("price");
            DateDayVector born = (DateDayVector) root.getVector("born");
            ids.setSafe(0, 1);
            names.setSafe(0, "Ada".getBytes(StandardCharsets.UTF_8));
            prices.setSafe(0, new BigDecimal("0.05"));
            born.setSafe(0, (int) LocalDate.of(1815, 12, 10).toEpochDay());
            ids.setSafe(1, 2);
            prices.setSafe(1, new BigDecimal("12.50"));
            ids.setSafe(2, 10);
            names.setSafe(2, "Grace, \"Amaz\ning\"".getBytes(StandardCharsets.UTF_8));
            born.setSafe(2, (int) LocalDate.of(1906, 12, 9).toEpochDay());
            root.setRowCount(3);
            return print(format, root);
        }
    }

    private static String print(OutputFormat format, VectorSchemaRoot root) {
        StringWriter text = new StringWriter();
        ResultPrinter printer = format.printer(new PrintWriter(text));
        printer.start(root.getSchema());
        printer.batch(root);
        printer.finish();
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
