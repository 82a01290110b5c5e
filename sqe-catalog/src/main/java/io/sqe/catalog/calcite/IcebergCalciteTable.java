package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.types.IcebergTypes;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * One Iceberg table as Calcite sees it, pinned to the snapshot that was current when it was loaded.
 *
 * <p>Scans go to the {@link TableScanner}; filters are offered to it for pruning but never removed, so Calcite
 * still evaluates every one of them above the scan.
 */
public final class IcebergCalciteTable extends AbstractTable implements ProjectableFilterableTable {
    private final Table table;
    private final String schemaName;
    private final String tableName;
    private final TableScanner scanner;

    public IcebergCalciteTable(Table table, String schemaName, String tableName, TableScanner scanner) {
        this.table = requireNonNull(table, "table is null");
        this.schemaName = requireNonNull(schemaName, "schemaName is null");
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
    }

    public Table icebergTable() {
        return table;
    }

    public String schemaName() {
        return schemaName;
    }

    public String tableName() {
        return tableName;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return IcebergTypes.toRelDataType(table.schema(), typeFactory);
    }

    @Override
    public Statistic getStatistic() {
        return Statistics.of(rowCount(), List.of());
    }

    /** Rows in the current snapshot, from its summary; 0 for a table without snapshots. */
    public long rowCount() {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return 0;
        }
        Map<String, String> summary = snapshot.summary();
        String totalRecords = summary == null ? null : summary.get(SnapshotSummary.TOTAL_RECORDS_PROP);
        if (totalRecords == null) {
            return 0;
        }
        try {
            return Long.parseLong(totalRecords);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return scanner.scan(table, projects, filters, root);
    }

    @Override
    public String toString() {
        return "IcebergCalciteTable(" + schemaName + "." + tableName + ")";
    }
}
