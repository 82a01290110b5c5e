package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.types.IcebergTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * One Iceberg table as Calcite sees it, pinned to the snapshot that was current when it was loaded.
 *
 * <p>Scans go to the {@link TableScanner}; filters are offered to it for pruning but never removed, so Calcite
 * still evaluates every one of them above the scan.
 *
 * <p>The table shows only the columns {@link CatalogAccess} lets the statement's user see: hidden columns are not in
 * its row type, so {@code SELECT *} and every name lookup skip them, and the scan maps the visible columns back to
 * the Iceberg schema's. Naming a table with no visible column fails with {@link CatalogAccess#denied}.
 */
public final class IcebergCalciteTable extends AbstractTable implements ProjectableFilterableTable {
    private final Table table;
    private final String catalogName;
    private final String schemaName;
    private final String tableName;
    private final TableScanner scanner;
    private final CatalogAccess access;
    /** Iceberg column ordinals of the visible columns, in order; computed on first use. */
    private volatile int[] visibleOrdinals;

    public IcebergCalciteTable(Table table, String catalogName, String schemaName, String tableName,
            TableScanner scanner, CatalogAccess access) {
        this.table = requireNonNull(table, "table is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.schemaName = requireNonNull(schemaName, "schemaName is null");
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        this.access = requireNonNull(access, "access is null");
    }

    public Table icebergTable() {
        return table;
    }

    // Issue 6 (aggregate push-down): the coordinator's aggregated scan calls the scanner directly.
    /** The scanner this table's scans go to. */
    public TableScanner scanner() {
        return scanner;
    }

    public String schemaName() {
        return schemaName;
    }

    public String tableName() {
        return tableName;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        int[] ordinals = visibleOrdinals();
        List<Types.NestedField> columns = table.schema().columns();
        if (ordinals.length == columns.size()) {
            return IcebergTypes.toRelDataType(table.schema(), typeFactory);
        }
        List<Types.NestedField> visible = new ArrayList<>();
        for (int ordinal : ordinals) {
            visible.add(columns.get(ordinal));
        }
        return IcebergTypes.toRelDataType(new org.apache.iceberg.Schema(visible), typeFactory);
    }

    private int[] visibleOrdinals() {
        int[] ordinals = visibleOrdinals;
        if (ordinals != null) {
            return ordinals;
        }
        List<Types.NestedField> columns = table.schema().columns();
        List<String> names = columns.stream().map(Types.NestedField::name).toList();
        Set<String> visible = new HashSet<>(access.visibleColumns(catalogName, schemaName, tableName, names));
        ordinals = IntStream.range(0, names.size()).filter(i -> visible.contains(names.get(i))).toArray();
        if (ordinals.length == 0 && !names.isEmpty()) {
            throw access.denied(catalogName, schemaName, tableName);
        }
        visibleOrdinals = ordinals;
        return ordinals;
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

    /**
     * An estimate of the distinct non-null values of a visible column in the current snapshot (see
     * {@link IcebergColumnStatistics}), or empty when the table's metadata tells nothing about it.
     */
    public OptionalDouble distinctValues(int column) {
        int[] ordinals = visibleOrdinals();
        if (column < 0 || column >= ordinals.length) {
            throw new IllegalArgumentException("no visible column " + column + " in " + this);
        }
        return IcebergColumnStatistics.of(table).distinctValues(table.schema().columns().get(ordinals[column]));
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        int[] ordinals = visibleOrdinals();
        if (ordinals.length == table.schema().columns().size()) {
            return scanner.scan(table, projects, filters, root);
        }
        // Projects and filters refer to the visible columns; the scanner reads the Iceberg schema's.
        int[] tableProjects = projects == null ? ordinals.clone()
                : IntStream.of(projects).map(project -> ordinals[project]).toArray();
        RexShuttle toTableColumns = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(ordinals[ref.getIndex()], ref.getType());
            }
        };
        List<RexNode> tableFilters = new ArrayList<>();
        for (RexNode filter : filters) {
            tableFilters.add(filter.accept(toTableColumns));
        }
        return scanner.scan(table, tableProjects, tableFilters, root);
    }

    @Override
    public String toString() {
        return "IcebergCalciteTable(" + schemaName + "." + tableName + ")";
    }
}
