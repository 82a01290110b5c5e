package io.sqe.coordinator.engine;

import io.sqe.core.cluster.ClusterNode;
import io.sqe.core.engine.QueryEngine;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.CatalogMetadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sqe.core.engine.QueryListener;
import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.catalog.calcite.CatalogAccess;
import io.sqe.catalog.calcite.CatalogSchema;
import io.sqe.catalog.calcite.SystemCatalogSchema;
import io.sqe.catalog.calcite.TableScanner;
import io.sqe.coordinator.ddl.CatalogOps;
import io.sqe.coordinator.planner.QueryDataContext;
import io.sqe.coordinator.planner.QueryPlanner;
import io.sqe.coordinator.planner.StringFunctions;
import io.sqe.coordinator.planner.QueryPlanner.PlannedQuery;
import io.sqe.coordinator.result.ResultSchemas;
import io.sqe.coordinator.scan.ExecutionScope;
import io.sqe.coordinator.write.WriteHandler;
import io.sqe.core.config.QueryConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.policy.ObjectName;
import io.sqe.policy.PassthroughEnforcer;
import io.sqe.policy.PolicyEnforcer;
import io.sqe.policy.QueryPolicy;
import io.sqe.sql.CreateTableAsSelect;
import io.sqe.sql.ExecuteImmediate;
import io.sqe.sql.Explain;
import io.sqe.sql.Insert;
import io.sqe.sql.Query;
import io.sqe.sql.SqlParsers;
import io.sqe.sql.StatementClassifier;
import io.sqe.sql.StatementKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each classified statement to its handler and turns it into a {@link StatementPlan}. Queries are
 * validated and planned here, once; DDL and writes are checked here and run on execute.
 *
 * <p>Every statement gets one {@link QueryPolicy} from the {@link PolicyEnforcer} when it is prepared: the catalog
 * view it is validated against shows only what the policy lets the user see, its plans carry the policy's row
 * filters and masks, and writes and DDL are checked against it. All protocols (Flight SQL statements and prepared
 * statements, the Trino endpoint, PREPARE/EXECUTE) come through {@link #prepare}.
 */
public final class SqeQueryEngine implements QueryEngine {
    private static final Logger log = LoggerFactory.getLogger(SqeQueryEngine.class);
    static final Schema UPDATE_SCHEMA = new Schema(List.of(
            new Field("rows", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    private final SessionCatalogs catalogs;
    private final TableScanner scanner;
    private final BufferAllocator allocator;
    private final QueryConfig config;
    private final StatementClassifier classifier;
    private final QueryPlanner planner;
    private final CatalogOps catalogOps;
    private final WriteHandler writeHandler;
    private final SqeCatalogMetadata metadata;
    private final QueryReporter reporter;
    private final PolicyEnforcer policies;
    private final Supplier<List<ClusterNode>> nodes;
    private final InFlightQueries inFlight = new InFlightQueries();

    /** An engine without access policies of its own ({@code [policy] engine = "passthrough"}). */
    public SqeQueryEngine(SessionCatalogs catalogs, TableScanner scanner, BufferAllocator allocator,
            QueryConfig config, QueryListener listener, Tracer tracer) {
        this(catalogs, scanner, allocator, config, listener, tracer, PassthroughEnforcer.INSTANCE);
    }

    public SqeQueryEngine(SessionCatalogs catalogs, TableScanner scanner, BufferAllocator allocator,
            QueryConfig config, QueryListener listener, Tracer tracer, PolicyEnforcer policies) {
        this(catalogs, scanner, allocator, config, listener, tracer, policies, List::of);
    }

    /** @param nodes the cluster's nodes for {@code system.runtime.nodes}, asked for on every scan of it */
    public SqeQueryEngine(SessionCatalogs catalogs, TableScanner scanner, BufferAllocator allocator,
            QueryConfig config, QueryListener listener, Tracer tracer, PolicyEnforcer policies,
            Supplier<List<ClusterNode>> nodes) {
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.config = requireNonNull(config, "config is null");
        this.planner = new QueryPlanner(config.columnarExecution());
        this.classifier = new StatementClassifier(config.maxStatementLength(), 200);
        this.catalogOps = new CatalogOps(catalogs);
        this.writeHandler = new WriteHandler(catalogs);
        this.metadata = new SqeCatalogMetadata(catalogs, policies, this::rootSchema);
        this.reporter = new QueryReporter(listener, tracer);
    }

    /**
     * Starts the drain before shutdown: new statements fail with {@code SERVER_SHUTTING_DOWN}, and this waits until
     * the running ones have ended or {@code timeout} has passed.
     *
     * @return the executions still running; the caller stops them by closing the server
     */
    public int drain(Duration timeout) throws InterruptedException {
        return inFlight.drain(requireNonNull(timeout, "timeout is null"));
    }

    /** Whether new statements are taken: false once the drain has started. */
    public boolean acceptingStatements() {
        return inFlight.accepting();
    }

    /** Executions running now: from their start until their result stream is closed. */
    public int runningExecutions() {
        return inFlight.running();
    }

    @Override
    public CatalogMetadata metadata() {
        return metadata;
    }

    @Override
    public StatementPlan prepare(Session session, String sql) {
        requireNonNull(session, "session is null");
        requireNonNull(sql, "sql is null");
        inFlight.checkOpen();
        Span span = reporter.tracer().spanBuilder("sqe.plan").setParent(Context.current()).startSpan();
        // One policy per statement: every check of the statement sees the same version of the rules.
        QueryPolicy policy = policies.forQuery(session.user());
        try (Scope trace = span.makeCurrent()) {
            StatementKind statement;
            Span parse = reporter.tracer().spanBuilder("sqe.parse").startSpan();
            try (Scope parsing = parse.makeCurrent()) {
                statement = classifier.classify(sql);
            } catch (SqeException e) {
                parse.setStatus(StatusCode.ERROR, e.errorCode().name());
                span.setStatus(StatusCode.ERROR, e.errorCode().name());
                reporter.failedBeforeExecution(session, sql, "UNKNOWN", e, span, List.of());
                throw e;
            } finally {
                parse.end();
            }
            span.setAttribute("sqe.statement_type", statement.type().name());
            try {
                return plan(session, sql, statement, policy);
            } catch (RuntimeException | Error e) {
                SqeException failure = RuntimeErrors.translate(e, "(planning)");
                span.setStatus(StatusCode.ERROR, failure.errorCode().name());
                reporter.failedBeforeExecution(session, sql, statement.type().name(), failure, span,
                        policy.appliedRuleNames());
                throw failure;
            }
        } finally {
            span.end();
        }
    }

    private StatementPlan plan(Session session, String sql, StatementKind statement, QueryPolicy policy) {
        switch (statement.type()) {
            case QUERY:
                return queryPlan(session, sql, statement, ((Query) statement).query(), policy);
            case EXPLAIN:
                return explainPlan(session, sql, (Explain) statement, policy);
            case CREATE_SCHEMA:
            case DROP_SCHEMA:
            case CREATE_TABLE:
            case DROP_TABLE:
            case USE: {
                LongSupplier action = catalogOps.ddl(session, statement, policy);
                return updatePlan(session, new PlanInfo(sql, statement.type().name(), List.of(), List.of(),
                        policy.appliedRuleNames()), action);
            }
            case CREATE_TABLE_AS_SELECT:
                return createTableAsSelectPlan(session, sql, (CreateTableAsSelect) statement, policy);
            case INSERT:
                return insertPlan(session, sql, (Insert) statement, policy);
            case SHOW_CATALOGS:
            case SHOW_CREATE_TABLE:
            case SHOW_SESSION:
            case SHOW_FUNCTIONS: {
                CatalogOps.ComputedResult result = catalogOps.computedResult(session, statement, policy);
                return rowsPlan(session, new PlanInfo(sql, statement.type().name(), List.of(), List.of(),
                        policy.appliedRuleNames()), result);
            }
            case EXECUTE_IMMEDIATE: {
                ExecuteImmediate execute = (ExecuteImmediate) statement;
                if (!execute.parameters().isEmpty()) {
                    throw new SqeException(ErrorCode.NOT_SUPPORTED, "EXECUTE IMMEDIATE ... USING is supported over "
                            + "the Trino protocol; with Flight SQL, prepare the statement and bind its parameters");
                }
                return plan(session, execute.statement(), classifier.classify(execute.statement()), policy);
            }
            case PREPARE:
            case EXECUTE:
            case DEALLOCATE:
            case SET_SESSION:
            case RESET_SESSION:
                // Over the Trino protocol these keep their state in client headers (sqe-trino-compat handles them).
                throw new SqeException(ErrorCode.NOT_SUPPORTED, statement.type().name().replace('_', ' ')
                        + " is supported over the Trino protocol; Flight SQL clients prepare statements through "
                        + "their API");
            case SHOW_SCHEMAS:
            case SHOW_TABLES:
            case SHOW_COLUMNS:
                return queryPlan(session, sql, statement,
                        parseInternal(catalogOps.showQuery(session, statement, policy)), policy);
        }
        throw new IllegalStateException("unhandled statement type " + statement.type());
    }

    /**
     * The per-statement view of the session's catalog: a fresh schema tree, so a statement sees one snapshot, and
     * only what the session's user may see: what the catalog lets them load, narrowed by {@code access}.
     */
    SchemaPlus rootSchema(Session session, CatalogAccess access) {
        SessionCatalog catalog = catalogs.forSession(session);
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add(catalog.name(), new CatalogSchema(catalog, scanner, access));
        root.add(SystemCatalogSchema.NAME, new SystemCatalogSchema(catalog, access, nodes));
        StringFunctions.register(root);
        return root;
    }

    private static List<String> defaultPath(Session session) {
        List<String> path = new ArrayList<>();
        path.add(session.catalog());
        session.schema().ifPresent(path::add);
        return path;
    }

    private SchemaPlus rootSchema(Session session, QueryPolicy policy) {
        return rootSchema(session, new PolicyCatalogAccess(policy, Optional.empty()));
    }

    private StatementPlan queryPlan(Session session, String sql, StatementKind statement, SqlNode query,
            QueryPolicy policy) {
        SchemaPlus root = rootSchema(session, policy);
        PlannedQuery plan = planner.plan(planner.validate(root, defaultPath(session), query), session.timeZone(),
                policy);
        Schema resultSchema = ResultSchemas.toArrowSchema(plan.rowType());
        PlanInfo info = new PlanInfo(sql, statement.type().name(), plan.tablesRead(), List.of(),
                policy.appliedRuleNames());
        return new PreparedPlan(info, true, resultSchema, ResultSchemas.toArrowSchema(plan.parameterRowType()),
                session, reporter, inFlight, execution -> stream(session, root, plan, resultSchema, execution));
    }

    private ResultStream stream(Session session, SchemaPlus root, PlannedQuery plan, Schema schema,
            Execution execution) {
        String queryId = execution.queryId();
        AtomicBoolean cancelled = new AtomicBoolean();
        BufferAllocator queryAllocator = allocator.newChildAllocator("query-" + queryId, 0,
                config.memoryLimitBytes());
        try {
            ExecutionScope scope = new ExecutionScope(queryId, cancelled, execution.counters(),
                    execution.traceContext(), reporter.tracer(), queryAllocator);
            QueryDataContext context = dataContext(session, root, plan, execution.parameters(), scope, cancelled);
            log.debug("Query {} for {} started", queryId, session);
            if (plan.columnar().isPresent()) {
                return new ColumnarResultStream(queryId, queryAllocator, schema,
                        () -> plan.columnar().get().execute(scope, context, config.batchRows()), scope, cancelled,
                        config.maxResultRows());
            }
            return new EnumerableResultStream(queryId, queryAllocator, schema,
                    () -> plan.bindable().bind(context).enumerator(), scope, cancelled, config.maxResultRows());
        } catch (RuntimeException | Error e) {
            queryAllocator.close();
            throw e;
        }
    }

    private QueryDataContext dataContext(Session session, SchemaPlus root, PlannedQuery plan, List<Object> parameters,
            ExecutionScope scope, AtomicBoolean cancelled) {
        List<Object> internal = ParameterValues.toInternal(plan.parameterRowType(), parameters);
        plan.bindable();
        java.util.Map<String, Object> values = new java.util.HashMap<>(plan.stashedValues());
        values.put(ExecutionScope.KEY, scope);
        return new QueryDataContext(root, planner.typeFactory(), session.user().name(), session.timeZone(), values,
                internal, cancelled);
    }

    private StatementPlan explainPlan(Session session, String sql, Explain explain, QueryPolicy policy) {
        StatementKind inner = explain.statement();
        if (explain.analyze()) {
            if (inner.type() != io.sqe.sql.StatementType.QUERY) {
                throw new SqeException(ErrorCode.NOT_SUPPORTED, "EXPLAIN ANALYZE runs queries only; it does not "
                        + "write, so use EXPLAIN for INSERT and CREATE TABLE AS");
            }
            return explainAnalyzePlan(session, sql, explain, ((Query) inner).query(), policy);
        }
        SqlNode query;
        SchemaPlus root = rootSchema(session, policy);
        switch (inner.type()) {
            case QUERY:
                query = ((Query) inner).query();
                break;
            case CREATE_TABLE_AS_SELECT:
                query = ((CreateTableAsSelect) inner).query();
                break;
            case INSERT: {
                WriteHandler.InsertTarget target = writeHandler.resolveInsertTarget(session, (Insert) inner, policy);
                root = rootSchema(session, new PolicyCatalogAccess(policy, Optional.of(target.name())));
                query = target.insertNode();
                break;
            }
            default:
                throw new SqeException(ErrorCode.NOT_SUPPORTED, "EXPLAIN supports queries, INSERT and CREATE TABLE AS");
        }
        PlannedQuery plan = planner.plan(planner.validate(root, defaultPath(session), query), session.timeZone(),
                policy);
        String text = plan.explain();
        Schema schema = new Schema(List.of(Field.nullable("Query Plan", ArrowType.Utf8.INSTANCE)));
        return rowsPlan(session, new PlanInfo(sql, explain.type().name(), plan.tablesRead(), List.of(),
                policy.appliedRuleNames()),
                new CatalogOps.ComputedResult(schema, () -> List.<Object[]>of(new Object[] {text})));
    }

    /** Runs the query, discarding its rows, and returns its plan with what each operator did. */
    private StatementPlan explainAnalyzePlan(Session session, String sql, Explain explain, SqlNode query,
            QueryPolicy policy) {
        SchemaPlus root = rootSchema(session, policy);
        PlannedQuery plan = planner.plan(planner.validate(root, defaultPath(session), query), session.timeZone(),
                policy);
        Schema schema = new Schema(List.of(Field.nullable("Query Plan", ArrowType.Utf8.INSTANCE)));
        PlanInfo info = new PlanInfo(sql, explain.type().name(), plan.tablesRead(), List.of(),
                policy.appliedRuleNames());
        return new PreparedPlan(info, true, schema, new Schema(List.of()), session, reporter, inFlight, execution -> {
            String text = analyze(session, root, plan, execution);
            return new RowListResultStream(allocator, schema, List.<Object[]>of(new Object[] {text}),
                    OptionalLong.empty());
        });
    }

    private String analyze(Session session, SchemaPlus root, PlannedQuery plan, Execution execution) {
        String queryId = execution.queryId();
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        try (BufferAllocator queryAllocator = allocator.newChildAllocator("query-" + queryId, 0,
                config.memoryLimitBytes());
                ExecutionScope scope = new ExecutionScope(queryId, cancelled, execution.counters(),
                        execution.traceContext(), reporter.tracer(), queryAllocator)) {
            QueryDataContext context = dataContext(session, root, plan, execution.parameters(), scope, cancelled);
            String text;
            long rows;
            if (plan.columnar().isPresent()) {
                try (io.sqe.coordinator.exec.ColumnarExecution run = plan.columnar().get().execute(scope, context,
                        config.batchRows())) {
                    rows = run.drain();
                    text = "Columnar plan, as run (time: own, and with inputs):\n" + run.explainAnalyzed();
                }
            } else {
                rows = 0;
                Enumerator<Object> enumerator = plan.bindable().bind(context).enumerator();
                try {
                    while (enumerator.moveNext()) {
                        rows++;
                    }
                } finally {
                    enumerator.close();
                }
                text = "Optimized plan (Calcite row operators: no per-operator figures):\n" + plan.explain();
            }
            return text + String.format(java.util.Locale.ROOT, "%nQuery %s: %d rows in %.1f ms%n", queryId, rows,
                    (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException | Error e) {
            throw RuntimeErrors.translate(e, queryId);
        }
    }

    private StatementPlan createTableAsSelectPlan(Session session, String sql, CreateTableAsSelect statement,
            QueryPolicy policy) {
        writeHandler.checkCreateTableAsSelect(session, statement, policy);
        SchemaPlus root = rootSchema(session, policy);
        PlannedQuery plan = planner.plan(planner.validate(root, defaultPath(session), statement.query()),
                session.timeZone(), policy);
        WriteHandler.CreateTableAsSelectTarget target =
                writeHandler.prepareCreateTableAsSelect(session, statement, plan.rowType(), planner.typeFactory());
        PlanInfo info = new PlanInfo(sql, statement.type().name(), plan.tablesRead(),
                List.of(qualified(target.name())), policy.appliedRuleNames());
        return new PreparedPlan(info, false, UPDATE_SCHEMA, ResultSchemas.toArrowSchema(plan.parameterRowType()),
                session, reporter, inFlight, execution -> updateStream(() -> {
                    try (RowSource rows = new RowSource(session, root, plan, execution)) {
                        return rows.write(source -> writeHandler.createTableAsSelect(target, source));
                    }
                }));
    }

    private StatementPlan insertPlan(Session session, String sql, Insert statement, QueryPolicy policy) {
        WriteHandler.InsertTarget target = writeHandler.resolveInsertTarget(session, statement, policy);
        SchemaPlus root = rootSchema(session, new PolicyCatalogAccess(policy, Optional.of(target.name())));
        PlannedQuery plan = planner.plan(planner.validate(root, defaultPath(session), target.insertNode()),
                session.timeZone(), policy);
        PlanInfo info = new PlanInfo(sql, statement.type().name(), plan.tablesRead(),
                List.of(target.table().name()), policy.appliedRuleNames());
        return new PreparedPlan(info, false, UPDATE_SCHEMA, ResultSchemas.toArrowSchema(plan.parameterRowType()),
                session, reporter, inFlight, execution -> updateStream(() -> {
                    try (RowSource rows = new RowSource(session, root, plan, execution)) {
                        return rows.write(source -> writeHandler.insert(target, source));
                    }
                }), true);
    }

    private StatementPlan updatePlan(Session session, PlanInfo info, LongSupplier action) {
        return new PreparedPlan(info, false, UPDATE_SCHEMA, new Schema(List.of()), session, reporter, inFlight,
                execution -> updateStream(action));
    }

    private String qualified(io.sqe.coordinator.ddl.Names.TableName name) {
        return catalogs.name() + "." + name.schema() + "." + name.table();
    }

    private ResultStream updateStream(LongSupplier action) {
        long count;
        try {
            count = action.getAsLong();
        } catch (RuntimeException | Error e) {
            throw RuntimeErrors.translate(e, "(write)");
        }
        return new RowListResultStream(allocator, UPDATE_SCHEMA, List.<Object[]>of(new Object[] {count}),
                OptionalLong.of(count));
    }

    private StatementPlan rowsPlan(Session session, PlanInfo info, CatalogOps.ComputedResult result) {
        return new PreparedPlan(info, true, result.schema(), new Schema(List.of()), session, reporter, inFlight,
                execution -> new RowListResultStream(allocator, result.schema(), result.rows().get(),
                        OptionalLong.empty()));
    }

    private static SqlNode parseInternal(String sql) {
        try {
            return SqlParser.create(sql, SqlParsers.parserConfig()).parseQuery();
        } catch (SqlParseException e) {
            throw new IllegalStateException("generated SQL does not parse: " + sql, e);
        }
    }

    /**
     * The rows of a plan run for a write, as Object[] rows; closing ends the execution. A batch runs the plan once
     * per parameter row, one after another, and an error names the parameter row (1-based) that caused it.
     */
    private final class RowSource implements AutoCloseable {
        private final Session session;
        private final SchemaPlus root;
        private final PlannedQuery plan;
        private final List<List<Object>> parameterRows;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final BufferAllocator queryAllocator;
        private final ExecutionScope scope;
        private int parameterRow = -1;
        private Enumerator<Object> rows;

        RowSource(Session session, SchemaPlus root, PlannedQuery plan, Execution execution) {
            this.session = session;
            this.root = root;
            this.plan = plan;
            this.parameterRows = execution.parameterRows();
            this.queryAllocator = allocator.newChildAllocator("query-" + execution.queryId(), 0,
                    config.memoryLimitBytes());
            try {
                this.scope = new ExecutionScope(execution.queryId(), cancelled, execution.counters(),
                        execution.traceContext(), reporter.tracer(), queryAllocator);
                // The first parameter row binds now, so that a plan that cannot run fails before any write starts.
                advance();
            } catch (RuntimeException | Error e) {
                queryAllocator.close();
                throw e;
            }
        }

        /** Binds the next parameter row; false when there is none. */
        private boolean advance() {
            if (rows != null) {
                rows.close();
                rows = null;
            }
            if (parameterRow + 1 >= parameterRows.size()) {
                return false;
            }
            parameterRow++;
            try {
                rows = plan.bindable()
                        .bind(dataContext(session, root, plan, parameterRows.get(parameterRow), scope, cancelled))
                        .enumerator();
            } catch (RuntimeException | Error e) {
                throw failure(e);
            }
            return true;
        }

        private SqeException failure(Throwable e) {
            return RuntimeErrors.translate(e, scope.queryId());
        }

        /**
         * Runs {@code write} over these rows. In a batch, a failure (of the plan or of the writer, such as a NULL
         * for a NOT NULL column) names the parameter row whose rows were being written.
         */
        long write(java.util.function.ToLongFunction<java.util.Iterator<Object[]>> write) {
            try {
                return write.applyAsLong(iterator());
            } catch (SqeException e) {
                if (parameterRows.size() == 1) {
                    throw e;
                }
                throw new SqeException(e.errorCode(), "parameter row " + (parameterRow + 1) + " of "
                        + parameterRows.size() + ": " + e.getMessage(), e);
            }
        }

        private java.util.Iterator<Object[]> iterator() {
            return new java.util.Iterator<>() {
                private Boolean hasNext;

                @Override
                public boolean hasNext() {
                    if (hasNext == null) {
                        try {
                            boolean more = rows != null && rows.moveNext();
                            while (!more && advance()) {
                                more = rows.moveNext();
                            }
                            hasNext = more;
                        } catch (RuntimeException | Error e) {
                            throw failure(e);
                        }
                    }
                    return hasNext;
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    hasNext = null;
                    try {
                        Object row = rows.current();
                        return row instanceof Object[] ? (Object[]) row : new Object[] {row};
                    } catch (RuntimeException | Error e) {
                        throw failure(e);
                    }
                }
            };
        }

        @Override
        public void close() {
            try {
                if (rows != null) {
                    rows.close();
                }
            } finally {
                try {
                    scope.close();
                } finally {
                    queryAllocator.close();
                }
            }
        }
    }
}
