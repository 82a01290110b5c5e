package io.sqe.catalog.calcite;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rex.RexNode;
import org.apache.iceberg.Table;

/**
 * Reads an Iceberg table for a Calcite scan. The coordinator implements it (plan files into ScanTasks, run
 * them on a worker, turn the Arrow batches into rows); the Calcite adapter only delegates to it.
 *
 * <p>Rows use Calcite's internal representation: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float,
 * DOUBLE Double, DECIMAL BigDecimal, VARCHAR String, VARBINARY ByteString, DATE Integer (days since epoch),
 * TIME Integer (milliseconds of day), TIMESTAMP and TIMESTAMP WITH LOCAL TIME ZONE Long (milliseconds since
 * epoch).
 */
@FunctionalInterface
public interface TableScanner {
    /**
     * @param projects the table column ordinals to return, in order; null for all columns
     * @param filters conjuncts over the table's full row type; the scanner may use them to prune but must
     *     not remove them from the list, so Calcite still evaluates every one of them
     */
    Enumerable<Object[]> scan(Table table, int[] projects, List<RexNode> filters, DataContext context);
}
