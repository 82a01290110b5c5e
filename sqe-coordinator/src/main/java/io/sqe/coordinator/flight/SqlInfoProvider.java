package io.sqe.coordinator.flight;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;

/** What GetSqlInfo reports about SQE, and the check that a client asks only for ids the server knows. */
final class SqlInfoProvider {
    private final SqlInfoBuilder builder = builder();
    private final Set<Integer> knownIds = knownIds(builder);

    /** Sends the requested ids, or every id when {@code ids} is empty. */
    void send(List<Integer> ids, ServerStreamListener listener) {
        List<Integer> unknown = ids.stream().filter(id -> !knownIds.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new SqeException(ErrorCode.INVALID_REQUEST,
                    "the server does not provide SqlInfo " + unknown + "; ask for the ids in GetSqlInfo without a filter");
        }
        builder.send(ids, new SingleTerminalListener(listener));
    }

    private static SqlInfoBuilder builder() {
        return new SqlInfoBuilder()
                .withFlightSqlServerName("SQE")
                .withFlightSqlServerVersion(ArtifactVersion.server())
                .withFlightSqlServerArrowVersion(ArtifactVersion.of("org.apache.arrow", "flight-core"))
                .withFlightSqlServerReadOnly(false)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerSubstrait(false)
                .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
                .withFlightSqlServerCancel(true)
                .withFlightSqlServerBulkIngestion(false)
                .withSqlIdentifierQuoteChar("\"")
                .withSqlSearchStringEscape("\\")
                .withSqlCatalogTerm("catalog")
                .withSqlSchemaTerm("schema")
                // Unquoted names fold to lower case; quoted names keep their case, which the enum cannot express.
                .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_LOWERCASE)
                .withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_UNKNOWN)
                .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_HIGH)
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(true)
                .withSqlDdlTable(true)
                .withSqlAllTablesAreSelectable(true)
                .withSqlTransactionsSupported(false)
                .withSqlSupportsColumnAliasing(true)
                .withSqlNullPlusNullIsNull(true)
                .withSqlSupportsExpressionsInOrderBy(true)
                .withSqlSupportsLikeEscapeClause(true)
                .withSqlCorrelatedSubqueriesSupported(true)
                .withSqlBatchUpdatesSupported(false)
                .withSqlSavepointsSupported(false)
                .withSqlNamedParametersSupported(false)
                .withSqlStoredProceduresSupported(false);
    }

    /** SqlInfoBuilder does not say which ids it holds; asking it for everything once tells us. */
    private static Set<Integer> knownIds(SqlInfoBuilder builder) {
        List<Integer> ids = new ArrayList<>();
        builder.send(List.of(), new ServerStreamListener() {
            private VectorSchemaRoot root;

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void setOnCancelHandler(Runnable handler) {}

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
                this.root = root;
            }

            @Override
            public void putNext() {
                UInt4Vector names = (UInt4Vector) root.getVector("info_name");
                for (int row = 0; row < root.getRowCount(); row++) {
                    ids.add(names.get(row));
                }
            }

            @Override
            public void putNext(ArrowBuf metadata) {
                putNext();
            }

            @Override
            public void putMetadata(ArrowBuf metadata) {}

            @Override
            public void error(Throwable failure) {
                throw new IllegalStateException("cannot list the SqlInfo ids", failure);
            }

            @Override
            public void completed() {}
        });
        return Set.copyOf(ids);
    }
}
