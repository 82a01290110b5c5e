package io.sqe.coordinator.flight;

import io.sqe.worker.FlightBatchWriter;
import io.sqe.worker.FlightErrorTranslator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sqe.metrics.Tracing;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.ServerHeaderMiddleware;
import java.util.HashMap;
import java.util.Map;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.sqe.core.engine.CatalogMetadata;
import io.sqe.core.engine.QueryEngine;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.session.SessionManager;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * SQE's Flight SQL server surface. Statements are planned once by the {@link QueryEngine} and kept on the
 * server: a ticket carries only a random, single-use handle, never SQL. Prepared statements and tickets belong
 * to the session that created them. Every failure reaches the client through {@link FlightErrorTranslator};
 * every stream ends in exactly one terminal call.
 *
 * <p>The call's peer identity is the session token set by {@link #authenticator()}, which the server must
 * install as its header authenticator.
 */
public final class SqeFlightSqlService implements FlightSqlProducer {
    /** FlightInfo app_metadata of statements that return an update count (one BIGINT column {@code rows}). */
    public static final String UPDATE_COUNT_APP_METADATA = "sqe:update-count";

    static final Duration TICKET_TIMEOUT = Duration.ofMinutes(10);
    static final Duration PREPARED_STATEMENT_TIMEOUT = Duration.ofHours(1);
    static final Duration CLIENT_READ_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_HANDLES = 100_000;
    private static final int MAX_CONCURRENT_STREAMS = 128;

    private final QueryEngine engine;
    private final SessionManager sessions;
    private final Location location;
    private final String defaultCatalog;
    private final Clock clock;
    private final HandleStore<PendingExecution> tickets;
    private final HandleStore<PreparedStatementState> preparedStatements;
    private final RunningQueries running = new RunningQueries();
    private final BufferAllocator allocator;
    private final MetadataResults metadataResults;
    private final FlightBatchWriter resultWriter =
            new FlightBatchWriter("sqe-flight-stream", MAX_CONCURRENT_STREAMS, CLIENT_READ_TIMEOUT);
    private final SqlInfoProvider sqlInfo = new SqlInfoProvider();

    public SqeFlightSqlService(QueryEngine engine, SessionManager sessions, BufferAllocator allocator,
            Location location, String defaultCatalog) {
        this(engine, sessions, allocator, location, defaultCatalog, Clock.systemUTC());
    }

    SqeFlightSqlService(QueryEngine engine, SessionManager sessions, BufferAllocator allocator, Location location,
            String defaultCatalog, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.location = requireNonNull(location, "location is null");
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tickets = new HandleStore<>("query ticket", TICKET_TIMEOUT, MAX_HANDLES, clock);
        this.preparedStatements = new HandleStore<>("prepared statement", PREPARED_STATEMENT_TIMEOUT, MAX_HANDLES,
                clock);
        this.metadataResults = new MetadataResults(allocator);
    }

    /** The header authenticator the Flight server must use, so that each call's peer identity is its token. */
    public CallHeaderAuthenticator authenticator() {
        return new SessionCallHeaderAuthenticator(sessions, defaultCatalog);
    }

    /** The session of a call; fails with AUTHENTICATION_FAILED when it has expired meanwhile. */
    public Session session(CallContext context) {
        return sessions.session(context.peerIdentity());
    }

    // Statements

    @Override
    public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return call(context, () -> {
            Session session = session(context);
            StatementPlan plan = engine.prepare(session, command.getQuery());
            return statementInfo(session, plan, List.of(), descriptor);
        });
    }

    @Override
    public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return call(context, () -> new SchemaResult(engine.prepare(session(context), command.getQuery()).resultSchema()));
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> {
            Session session = session(context);
            ByteString handle = ticket.getStatementHandle();
            PendingExecution execution = tickets.take(handle, session.sessionId());
            ResultStream stream = execution.plan().execute(execution.parameters());
            startStream(stream, listener, running.register(handle, session.sessionId(), stream));
        });
    }

    @Override
    public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> put(context, ackStream, () -> {
            StatementPlan plan = engine.prepare(session(context), command.getQuery());
            sendUpdateCount(ackStream, UpdateCounts.count(plan, () -> plan.execute(List.of())));
        });
    }

    // Prepared statements

    @Override
    public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        action(context, listener, () -> {
            Session session = session(context);
            StatementPlan plan = engine.prepare(session, request.getQuery());
            ByteString handle = preparedStatements.put(session.sessionId(), new PreparedStatementState(plan));
            // An empty dataset schema tells JDBC clients the statement returns an update count.
            ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(handle)
                    .setDatasetSchema(plan.returnsRows() ? schemaBytes(plan.resultSchema()) : ByteString.EMPTY)
                    .setParameterSchema(schemaBytes(plan.parameterSchema()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        });
    }

    @Override
    public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        action(context, listener, () -> {
            // Closing twice, or after expiry, is not an error: the statement is gone either way.
            preparedStatements.remove(request.getPreparedStatementHandle(), session(context).sessionId());
            listener.onCompleted();
        });
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return call(context, () -> {
            Session session = session(context);
            PreparedStatementState statement = preparedStatement(command.getPreparedStatementHandle(), session);
            return statementInfo(session, statement.plan(), statement.parameters(), descriptor);
        });
    }

    @Override
    public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return call(context, () -> new SchemaResult(
                preparedStatement(command.getPreparedStatementHandle(), session(context)).plan().resultSchema()));
    }

    @Override
    public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
            ServerStreamListener listener) {
        stream(context, listener, () -> {
            PreparedStatementState statement = preparedStatement(command.getPreparedStatementHandle(), session(context));
            startStream(statement.plan().execute(statement.parameters()), listener, () -> {});
        });
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> put(context, ackStream, () -> {
            ByteString handle = command.getPreparedStatementHandle();
            PreparedStatementState statement = preparedStatement(handle, session(context));
            List<List<Object>> rows = ParameterValues.readRows(flightStream);
            if (!rows.isEmpty()) {
                // JDBC sends one row per execution; with several rows, the last one wins.
                statement.bind(rows.get(rows.size() - 1));
            }
            DoPutPreparedStatementResult result =
                    DoPutPreparedStatementResult.newBuilder().setPreparedStatementHandle(handle).build();
            sendPutResult(ackStream, result.toByteArray());
        });
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> put(context, ackStream, () -> {
            PreparedStatementState statement = preparedStatement(command.getPreparedStatementHandle(), session(context));
            List<List<Object>> rows = ParameterValues.readRows(flightStream);
            // JDBC's executeBatch sends every parameter row in this one stream: it runs as one statement, so an
            // INSERT commits all of its rows once, or none.
            StatementPlan plan = statement.plan();
            sendUpdateCount(ackStream, UpdateCounts.count(plan, rows.isEmpty()
                    ? () -> plan.execute(statement.parameters())
                    : () -> plan.executeBatch(rows)));
        });
    }

    // Cancellation

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
            StreamListener<CancelStatus> listener) {
        action(context, listener, () -> {
            String sessionId = session(context).sessionId();
            CancelStatus status = CancelStatus.NOT_CANCELLABLE;
            for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
                Optional<ByteString> handle = statementHandle(endpoint.getTicket());
                if (handle.isPresent() && cancel(handle.get(), sessionId)) {
                    status = CancelStatus.CANCELLED;
                }
            }
            listener.onNext(status);
            listener.onCompleted();
        });
    }

    private boolean cancel(ByteString handle, String sessionId) {
        if (tickets.remove(handle, sessionId).isPresent()) {
            return true;
        }
        return running.cancel(handle, sessionId);
    }

    // Metadata

    @Override
    public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_CATALOGS_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> metadataResults.sendCatalogs(catalog().catalogs(session(context)), listener));
    }

    @Override
    public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_SCHEMAS_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> metadataResults.sendSchemas(catalog().schemas(session(context),
                command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
                command.hasDbSchemaFilterPattern() ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty()),
                listener));
    }

    @Override
    public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context,
            FlightDescriptor descriptor) {
        Schema schema = request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        return metadataInfo(request, schema, context, descriptor);
    }

    @Override
    public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> metadataResults.sendTables(catalog().tables(session(context),
                command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
                command.hasDbSchemaFilterPattern() ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty(),
                command.hasTableNameFilterPattern() ? Optional.of(command.getTableNameFilterPattern()) : Optional.empty(),
                List.copyOf(command.getTableTypesList())), command.getIncludeSchema(), listener));
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_TABLE_TYPES_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> {
            session(context);
            metadataResults.sendTableTypes(listener);
        });
    }

    @Override
    public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_SQL_INFO_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> {
            session(context);
            sqlInfo.send(command.getInfoList(), listener);
        });
    }

    @Override
    public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_TYPE_INFO_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
            ServerStreamListener listener) {
        stream(context, listener, () -> {
            session(context);
            metadataResults.sendTypeInfo(
                    request.hasDataType() ? Optional.of(request.getDataType()) : Optional.empty(), listener);
        });
    }

    @Override
    public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_PRIMARY_KEYS_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context,
            ServerStreamListener listener) {
        sendEmpty(Schemas.GET_PRIMARY_KEYS_SCHEMA, context, listener);
    }

    @Override
    public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_EXPORTED_KEYS_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context,
            ServerStreamListener listener) {
        sendEmpty(Schemas.GET_EXPORTED_KEYS_SCHEMA, context, listener);
    }

    @Override
    public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_IMPORTED_KEYS_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
            ServerStreamListener listener) {
        sendEmpty(Schemas.GET_IMPORTED_KEYS_SCHEMA, context, listener);
    }

    @Override
    public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, Schemas.GET_CROSS_REFERENCE_SCHEMA, context, descriptor);
    }

    @Override
    public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
            ServerStreamListener listener) {
        sendEmpty(Schemas.GET_CROSS_REFERENCE_SCHEMA, context, listener);
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        action(context, listener, () -> {
            throw new SqeException(ErrorCode.NOT_SUPPORTED, "ListFlights is not supported; run a statement instead");
        });
    }

    /** Cancels running queries and forgets every ticket and prepared statement. The allocator is the caller's. */
    @Override
    public void close() {
        running.cancelAll();
        resultWriter.close();
        tickets.clear();
        preparedStatements.clear();
    }

    // Helpers

    private FlightInfo statementInfo(Session session, StatementPlan plan, List<Object> parameters,
            FlightDescriptor descriptor) {
        ByteString handle = tickets.put(session.sessionId(), new PendingExecution(plan, parameters));
        Ticket ticket = new Ticket(
                Any.pack(TicketStatementQuery.newBuilder().setStatementHandle(handle).build()).toByteArray());
        FlightEndpoint endpoint = new FlightEndpoint(ticket, clock.instant().plus(TICKET_TIMEOUT), location);
        FlightInfo.Builder info = FlightInfo.builder(plan.resultSchema(), descriptor, List.of(endpoint));
        if (!plan.returnsRows()) {
            info.setAppMetadata(UPDATE_COUNT_APP_METADATA.getBytes(StandardCharsets.UTF_8));
        }
        return info.build();
    }

    private FlightInfo metadataInfo(Message command, Schema schema, CallContext context,
            FlightDescriptor descriptor) {
        return call(context, () -> {
            session(context);
            Ticket ticket = new Ticket(Any.pack(command).toByteArray());
            return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket, location)), -1, -1);
        });
    }

    private void sendEmpty(Schema schema, CallContext context, ServerStreamListener listener) {
        stream(context, listener, () -> {
            session(context);
            metadataResults.sendEmpty(schema, listener);
        });
    }

    private CatalogMetadata catalog() {
        return engine.metadata();
    }

    private PreparedStatementState preparedStatement(ByteString handle, Session session) {
        return preparedStatements.get(handle, session.sessionId());
    }

    private void sendUpdateCount(StreamListener<PutResult> ackStream, long count) {
        sendPutResult(ackStream, DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray());
    }

    private void sendPutResult(StreamListener<PutResult> ackStream, byte[] bytes) {
        try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
            buffer.writeBytes(bytes);
            ackStream.onNext(PutResult.metadata(buffer));
        }
        ackStream.onCompleted();
    }

    private static ByteString schemaBytes(Schema schema) {
        return schema.getFields().isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(MetadataResults.serialize(schema));
    }

    private static Optional<ByteString> statementHandle(Ticket ticket) {
        try {
            Any any = Any.parseFrom(ticket.getBytes());
            if (any.is(TicketStatementQuery.class)) {
                return Optional.of(any.unpack(TicketStatementQuery.class).getStatementHandle());
            }
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "malformed ticket in the cancel request", e);
        }
    }

    private void startStream(ResultStream stream, ServerStreamListener listener, Runnable onDone) {
        if (!resultWriter.start(stream, "the query", listener, onDone)) {
            throw new SqeException(ErrorCode.SERVER_BUSY, "the server is already sending " + MAX_CONCURRENT_STREAMS
                    + " results; try again when some have finished");
        }
    }

    private static <T> T call(CallContext context, Supplier<T> body) {
        try (Scope trace = traceContext(context).makeCurrent()) {
            return body.get();
        } catch (Throwable failure) {
            throw FlightErrorTranslator.translate(failure);
        }
    }

    /** Runs a streaming body that ends the listener itself on success; reports a failure exactly once. */
    private static void stream(CallContext context, ServerStreamListener listener, Runnable body) {
        try (Scope trace = traceContext(context).makeCurrent()) {
            body.run();
        } catch (Throwable failure) {
            listener.error(FlightErrorTranslator.translate(failure));
        }
    }

    private static void action(CallContext context, StreamListener<?> listener, Runnable body) {
        try (Scope trace = traceContext(context).makeCurrent()) {
            body.run();
        } catch (Throwable failure) {
            listener.onError(FlightErrorTranslator.translate(failure));
        }
    }

    private static void put(CallContext context, StreamListener<PutResult> ackStream, Runnable body) {
        action(context, ackStream, body);
    }

    /** The W3C trace context ({@code traceparent}) the client sent with this call, if any. */
    private static Context traceContext(CallContext context) {
        ServerHeaderMiddleware headers = context.getMiddleware(FlightConstants.HEADER_KEY);
        if (headers == null) {
            return Context.current();
        }
        Map<String, String> carrier = new HashMap<>();
        for (String name : List.of("traceparent", "tracestate")) {
            String value = headers.headers().get(name);
            if (value != null) {
                carrier.put(name, value);
            }
        }
        return carrier.isEmpty() ? Context.current() : Tracing.extract(carrier);
    }
}
