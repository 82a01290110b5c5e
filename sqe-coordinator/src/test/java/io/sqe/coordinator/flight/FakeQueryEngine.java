package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.CatalogMetadata;
import io.sqe.core.engine.QueryEngine;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query engine that knows a handful of fixed statements over a five-row table {@code numbers(id, name)}.
 * It records what the service asked of it.
 */
final class FakeQueryEngine implements QueryEngine {
    static final Schema NUMBERS = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    static final Schema ROWS = new Schema(List.of(Field.nullable("rows", new ArrowType.Int(64, true))));
    static final Schema ID_PARAMETER = new Schema(List.of(Field.nullable("0", new ArrowType.Int(64, true))));
    private static final List<String> NAMES = List.of("one", "two", "three", "four", "five");

    private final BufferAllocator allocator;
    final Map<String, AtomicInteger> prepareCounts = new ConcurrentHashMap<>();
    final List<String> users = new CopyOnWriteArrayList<>();
    final List<List<Object>> insertedParameters = new CopyOnWriteArrayList<>();
    final List<FakeStream> streams = new CopyOnWriteArrayList<>();

    FakeQueryEngine(BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public StatementPlan prepare(Session session, String sql) {
        prepareCounts.computeIfAbsent(sql, key -> new AtomicInteger()).incrementAndGet();
        users.add(session.user().name());
        switch (sql) {
            case "SELECT * FROM numbers":
                return new FakePlan(sql, true, NUMBERS, new Schema(List.of()), parameters -> allRows(2));
            case "SELECT * FROM numbers WHERE id = ?":
                return new FakePlan(sql, true, NUMBERS, ID_PARAMETER, parameters -> {
                    long id = (Long) parameters.get(0);
                    return List.of(List.of(List.of(id, NAMES.get((int) id - 1))));
                });
            case "INSERT INTO numbers SELECT * FROM numbers":
                return new FakePlan(sql, false, ROWS, new Schema(List.of()), parameters -> rowCount(5));
            case "INSERT INTO numbers VALUES (?)":
                return new FakePlan(sql, false, ROWS, ID_PARAMETER, parameters -> {
                    insertedParameters.add(parameters);
                    return rowCount(1);
                });
            case "SELECT * FROM fails_later":
                return new FakePlan(sql, true, NUMBERS, new Schema(List.of()), parameters -> {
                    List<List<List<Object>>> batches = new ArrayList<>(allRows(3).subList(0, 1));
                    batches.add(null);
                    return batches;
                });
            case "SELECT * FROM slow":
                return new FakePlan(sql, true, NUMBERS, new Schema(List.of()), parameters -> {
                    List<List<List<Object>>> batches = new ArrayList<>(allRows(5));
                    batches.add(Collections.singletonList(null));
                    return batches;
                });
            case "SELECT * FROM missing":
                throw new SqeException(ErrorCode.TABLE_NOT_FOUND, "table 'iceberg.default.missing' does not exist");
            case "SELECT boom":
                throw new IllegalStateException("secret internals at /srv/sqe");
            default:
                throw new SqeException(ErrorCode.SYNTAX_ERROR, "the fake engine does not know: " + sql);
        }
    }

    @Override
    public CatalogMetadata metadata() {
        return new FakeMetadata();
    }

    int prepareCount(String sql) {
        AtomicInteger count = prepareCounts.get(sql);
        return count == null ? 0 : count.get();
    }

    private static List<List<List<Object>>> allRows(int batchSize) {
        List<List<List<Object>>> batches = new ArrayList<>();
        List<List<Object>> batch = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            batch.add(List.of((long) i + 1, NAMES.get(i)));
            if (batch.size() == batchSize) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static List<List<List<Object>>> rowCount(long count) {
        return List.of(List.of(List.of(count)));
    }

    private final class FakePlan implements StatementPlan {
        private final String sql;
        private final boolean returnsRows;
        private final Schema schema;
        private final Schema parameterSchema;
        private final Function<List<Object>, List<List<List<Object>>>> batches;

        FakePlan(String sql, boolean returnsRows, Schema schema, Schema parameterSchema,
                Function<List<Object>, List<List<List<Object>>>> batches) {
            this.sql = sql;
            this.returnsRows = returnsRows;
            this.schema = schema;
            this.parameterSchema = parameterSchema;
            this.batches = batches;
        }

        @Override
        public String sql() {
            return sql;
        }

        @Override
        public boolean returnsRows() {
            return returnsRows;
        }

        @Override
        public Schema resultSchema() {
            return schema;
        }

        @Override
        public Schema parameterSchema() {
            return parameterSchema;
        }

        @Override
        public ResultStream execute(List<Object> parameters) {
            if (parameters.size() != parameterSchema.getFields().size()) {
                throw new SqeException(ErrorCode.INVALID_PARAMETER_USAGE, "expected "
                        + parameterSchema.getFields().size() + " parameters, got " + parameters.size());
            }
            OptionalLong updateCount = returnsRows ? OptionalLong.empty() : OptionalLong.of(0);
            List<List<List<Object>>> data = batches.apply(parameters);
            if (!returnsRows) {
                updateCount = OptionalLong.of((Long) data.get(0).get(0).get(0));
            }
            return stream(data, updateCount);
        }

        /** An update runs every parameter row and reports their summed count, as the engine's INSERT does. */
        @Override
        public ResultStream executeBatch(List<List<Object>> parameterRows) {
            if (returnsRows) {
                return StatementPlan.super.executeBatch(parameterRows);
            }
            long total = 0;
            for (List<Object> row : parameterRows) {
                try (ResultStream stream = execute(row)) {
                    total += stream.updateCount().orElseThrow();
                }
            }
            return stream(rowCount(total), OptionalLong.of(total));
        }

        private FakeStream stream(List<List<List<Object>>> data, OptionalLong updateCount) {
            FakeStream stream = new FakeStream(VectorSchemaRoot.create(schema, allocator), data, updateCount);
            streams.add(stream);
            return stream;
        }
    }

    /**
     * Batches of rows; a null batch fails with a storage error, a batch holding a single null blocks until
     * cancelled.
     */
    static final class FakeStream implements ResultStream {
        private final VectorSchemaRoot root;
        private final List<List<List<Object>>> batches;
        private final OptionalLong updateCount;
        private final CountDownLatch cancelled = new CountDownLatch(1);
        private volatile boolean closed;
        private int next;

        FakeStream(VectorSchemaRoot root, List<List<List<Object>>> batches, OptionalLong updateCount) {
            this.root = root;
            this.batches = batches;
            this.updateCount = updateCount;
        }

        @Override
        public VectorSchemaRoot root() {
            return root;
        }

        @Override
        public boolean next() {
            if (cancelled.getCount() == 0) {
                throw new SqeException(ErrorCode.USER_CANCELED, "query was canceled");
            }
            if (next >= batches.size()) {
                return false;
            }
            List<List<Object>> batch = batches.get(next++);
            if (batch == null) {
                throw new SqeException(ErrorCode.STORAGE_ERROR, "data file is unreadable");
            }
            if (batch.size() == 1 && batch.get(0) == null) {
                awaitCancel();
                throw new SqeException(ErrorCode.USER_CANCELED, "query was canceled");
            }
            fill(batch);
            return true;
        }

        private void awaitCancel() {
            try {
                if (!cancelled.await(30, TimeUnit.SECONDS)) {
                    throw new SqeException(ErrorCode.EXCEEDED_TIME_LIMIT, "test stream was never cancelled");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void fill(List<List<Object>> batch) {
            root.allocateNew();
            for (int row = 0; row < batch.size(); row++) {
                for (int column = 0; column < batch.get(row).size(); column++) {
                    Object value = batch.get(row).get(column);
                    if (value instanceof Long) {
                        ((BigIntVector) root.getVector(column)).setSafe(row, (Long) value);
                    } else {
                        ((VarCharVector) root.getVector(column))
                                .setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            root.setRowCount(batch.size());
        }

        @Override
        public OptionalLong updateCount() {
            return updateCount;
        }

        @Override
        public void cancel() {
            cancelled.countDown();
        }

        boolean isCancelled() {
            return cancelled.getCount() == 0;
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            root.close();
        }
    }

    private static final class FakeMetadata implements CatalogMetadata {
        @Override
        public List<String> catalogs(Session session) {
            return List.of("iceberg");
        }

        @Override
        public List<SchemaEntry> schemas(Session session, Optional<String> catalog, Optional<String> schemaPattern) {
            return List.of(new SchemaEntry("iceberg", "default"), new SchemaEntry("iceberg", "sales")).stream()
                    .filter(entry -> schemaPattern.isEmpty() || like(entry.schema(), schemaPattern.get()))
                    .toList();
        }

        @Override
        public List<TableEntry> tables(Session session, Optional<String> catalog, Optional<String> schemaPattern,
                Optional<String> tablePattern, List<String> tableTypes) {
            return List.of(
                            new TableEntry("iceberg", "sales", "orders", "TABLE", NUMBERS),
                            new TableEntry("iceberg", "default", "numbers", "TABLE", NUMBERS),
                            new TableEntry("iceberg", "information_schema", "tables", "SYSTEM TABLE", ROWS))
                    .stream()
                    .filter(entry -> tableTypes.isEmpty() || tableTypes.contains(entry.tableType()))
                    .filter(entry -> tablePattern.isEmpty() || like(entry.table(), tablePattern.get()))
                    .toList();
        }

        private static boolean like(String value, String pattern) {
            return value.matches(pattern.replace("%", ".*").replace("_", "."));
        }
    }
}
