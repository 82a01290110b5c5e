package io.sqe.catalog.testing;

import io.sqe.catalog.calcite.TableScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rex.RexNode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A {@link TableScanner} for tests: reads the table's current snapshot row by row with Iceberg's generic reader
 * and converts the values to Calcite's internal representation.
 */
public final class GenericsTableScanner implements TableScanner {
    private final AtomicInteger scans = new AtomicInteger();

    public int scans() {
        return scans.get();
    }

    @Override
    public Enumerable<Object[]> scan(Table table, int[] projects, List<RexNode> filters, DataContext context) {
        scans.incrementAndGet();
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : readCalciteRows(table)) {
            if (projects == null) {
                rows.add(row);
            } else {
                Object[] projected = new Object[projects.length];
                for (int i = 0; i < projects.length; i++) {
                    projected[i] = row[projects[i]];
                }
                rows.add(projected);
            }
        }
        return Linq4j.asEnumerable(rows);
    }

    /** Every row of the table's current snapshot, in Calcite's representation. */
    public static List<Object[]> readCalciteRows(Table table) {
        List<Object[]> rows = new ArrayList<>();
        for (Record record : readRecords(table)) {
            Object[] row = new Object[record.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = toCalcite(record.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Every record of the table's current snapshot, as Iceberg's generic reader returns it. */
    public static List<Record> readRecords(Table table) {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return List.of();
        }
        List<Record> records = new ArrayList<>();
        try (CloseableIterable<Record> iterable = IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
            for (Record record : iterable) {
                records.add(record.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static Object toCalcite(Object value) {
        if (value instanceof LocalDate) {
            return (int) ((LocalDate) value).toEpochDay();
        }
        if (value instanceof LocalTime) {
            return (int) (((LocalTime) value).toNanoOfDay() / 1_000_000L);
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant().toEpochMilli();
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return new ByteString(bytes);
        }
        if (value instanceof byte[]) {
            return new ByteString((byte[]) value);
        }
        if (value instanceof CharSequence) {
            return value.toString();
        }
        if (value == null || value instanceof Number && !(value instanceof BigDecimal) || value instanceof Boolean
                || value instanceof BigDecimal) {
            return value;
        }
        throw new IllegalArgumentException("Unexpected generic value of type " + value.getClass());
    }
}
