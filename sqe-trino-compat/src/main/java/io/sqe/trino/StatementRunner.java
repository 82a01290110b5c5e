package io.sqe.trino;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sqe.metrics.Tracing;
import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.QueryEngine;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.sql.Deallocate;
import io.sqe.sql.Execute;
import io.sqe.sql.ExecuteImmediate;
import io.sqe.sql.Prepare;
import io.sqe.sql.ResetSession;
import io.sqe.sql.SetSession;
import io.sqe.sql.StatementClassifier;
import io.sqe.sql.StatementKind;
import io.sqe.sql.StatementType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link TrinoQuery} on a worker thread. Statements that change the client's session (PREPARE,
 * DEALLOCATE PREPARE, SET SESSION, RESET SESSION) only produce response headers, because the client keeps that
 * state; EXECUTE looks its statement up in the client's {@code X-Trino-Prepared-Statement} headers. Everything
 * else goes to the engine. Statements without rows answer as Trino does: INSERT and CREATE TABLE AS with a
 * {@code rows} column and the update count, other statements with an update type and no columns.
 */
final class StatementRunner {
    private static final Pattern FIRST_WORD = Pattern.compile("(?s)\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*([A-Za-z]+).*");
    private static final Set<String> CLIENT_STATEMENTS = Set.of("prepare", "execute", "deallocate", "set", "reset");

    private final QueryEngine engine;
    private final StatementClassifier classifier = new StatementClassifier(Integer.MAX_VALUE,
            StatementClassifier.DEFAULT_MAX_NESTING_DEPTH);

    StatementRunner(QueryEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    private static Context traceContext(TrinoQuery query) {
        Map<String, String> headers = query.request().traceContext();
        return headers.isEmpty() ? Context.root() : Tracing.extract(headers);
    }

    void run(TrinoQuery query) {
        if (!query.start()) {
            query.finish(Optional.empty());
            return;
        }
        Optional<QueryFailure> failure = Optional.empty();
        // The statement's spans join the client's trace when it sent a W3C traceparent header.
        try (Scope trace = traceContext(query).makeCurrent()) {
            runStatement(query);
        } catch (RuntimeException | Error e) {
            if (!query.isCancelled()) {
                failure = Optional.of(QueryFailure.of(e));
            }
        } finally {
            query.finish(failure);
        }
    }

    private void runStatement(TrinoQuery query) {
        Optional<StatementKind> clientStatement = clientStatement(query.sql());
        if (clientStatement.isEmpty()) {
            execute(query, query.sql(), List.of());
            return;
        }
        StatementKind statement = clientStatement.get();
        switch (statement.type()) {
            case PREPARE: {
                // As in Trino, PREPARE only parses (the classifier did); EXECUTE plans with the parameter values.
                Prepare prepare = (Prepare) statement;
                acknowledge(query, "PREPARE", SessionChanges.addedPrepare(prepare.name(), prepare.statement()));
                return;
            }
            case DEALLOCATE: {
                String name = ((Deallocate) statement).name();
                preparedStatement(query, name);
                acknowledge(query, "DEALLOCATE", SessionChanges.deallocatedPrepare(name));
                return;
            }
            case SET_SESSION: {
                SetSession set = (SetSession) statement;
                acknowledge(query, "SET SESSION", SessionChanges.setSession(set.name(), set.value()));
                return;
            }
            case RESET_SESSION:
                acknowledge(query, "RESET SESSION", SessionChanges.clearSession(((ResetSession) statement).name()));
                return;
            case EXECUTE: {
                Execute execute = (Execute) statement;
                execute(query, preparedStatement(query, execute.name()), execute.parameters());
                return;
            }
            case EXECUTE_IMMEDIATE: {
                ExecuteImmediate execute = (ExecuteImmediate) statement;
                execute(query, execute.statement(), execute.parameters());
                return;
            }
            default:
                // SET and RESET statements other than SESSION: the engine reports them as not supported.
                execute(query, query.sql(), List.of());
        }
    }

    /** The statements this class handles itself, recognised by their first word before anything is parsed. */
    private Optional<StatementKind> clientStatement(String sql) {
        Matcher first = FIRST_WORD.matcher(sql);
        if (!first.matches() || !CLIENT_STATEMENTS.contains(first.group(1).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(classifier.classify(sql));
    }

    private static String preparedStatement(TrinoQuery query, String name) {
        String statement = query.request().preparedStatements().get(name);
        if (statement == null) {
            throw new SqeException(ErrorCode.NOT_FOUND, "Prepared statement not found: " + name);
        }
        return statement;
    }

    /** A statement without output: no columns and no data, as Trino answers DDL. */
    private static void acknowledge(TrinoQuery query, String updateType, SessionChanges changes) {
        query.changes(changes);
        query.describe(List.of(), Optional.of(updateType));
    }

    private void execute(TrinoQuery query, String sql, List<String> parameterLiterals) {
        Session session = query.session();
        StatementPlan plan = engine.prepare(session, sql);
        List<Object> parameters = ParameterLiterals.values(parameterLiterals);
        int expected = plan.parameterSchema().getFields().size();
        if (parameters.size() != expected) {
            throw new SqeException(ErrorCode.INVALID_PARAMETER_USAGE, "Incorrect number of parameters: expected "
                    + expected + " but found " + parameters.size());
        }
        if (plan.returnsRows()) {
            query.describe(TrinoTypes.columns(plan.resultSchema()), Optional.empty());
            try (ResultStream stream = plan.execute(parameters)) {
                query.attach(stream);
                while (stream.next()) {
                    if (!query.offer(RowEncoder.encode(stream.root()))) {
                        return;
                    }
                }
            }
            return;
        }
        StatementType type = classifier.classify(sql).type();
        long count;
        try (ResultStream stream = plan.execute(parameters)) {
            count = stream.updateCount().orElse(0);
        }
        if (type == StatementType.INSERT || type == StatementType.CREATE_TABLE_AS_SELECT) {
            query.describe(List.of(TrinoColumn.simple("rows", "bigint")), Optional.of(updateType(type)));
            query.updateCount(count);
            query.offer(new RowEncoder.Page("[" + count + "]", 1));
            return;
        }
        // USE changed the path of this request's session; the client keeps it from the response headers.
        SessionChanges changes = type == StatementType.USE
                ? SessionChanges.path(session.catalog(), session.schema().orElseThrow()) : SessionChanges.NONE;
        acknowledge(query, updateType(type), changes);
    }

    private static String updateType(StatementType type) {
        switch (type) {
            case CREATE_TABLE_AS_SELECT:
                return "CREATE TABLE";
            default:
                return type.name().replace('_', ' ');
        }
    }
}
