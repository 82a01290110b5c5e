package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanExpression.Call;
import io.sqe.planner.aggregation.ScanExpression.Column;
import io.sqe.planner.aggregation.ScanExpression.Literal;
import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.worker.filter.VectorFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * A timing harness, not a test: Q6's filter (a date range, a decimal range, a decimal bound) over decoded batches of
 * 8,192 rows, evaluated by the aggregation's expression evaluator ({@link ExpressionEvaluator#select} over a
 * {@link ScanExpression}) and by the scan's {@link VectorFilter} kernels, one thread, warm.
 *
 * <pre>
 * java -cp ... io.sqe.worker.columnar.FilterKernelBenchmark
 * </pre>
 */
public final class FilterKernelBenchmark {
    private static final int ROWS = 8192;
    private static final int BATCHES = 2_000;

    private FilterKernelBenchmark() {}

    public static void main(String[] args) {
        try (RootAllocator allocator = new RootAllocator();
                DateDayVector shipdate = new DateDayVector("l_shipdate", allocator);
                DecimalVector discount = new DecimalVector("l_discount", allocator, 15, 2);
                DecimalVector quantity = new DecimalVector("l_quantity", allocator, 15, 2)) {
            Random random = new Random(1);
            for (int row = 0; row < ROWS; row++) {
                shipdate.setSafe(row, 8036 + random.nextInt(2526));
                discount.setSafe(row, BigDecimal.valueOf(random.nextInt(11), 2));
                quantity.setSafe(row, BigDecimal.valueOf((1 + random.nextInt(50)) * 100L, 2));
            }
            VectorSchemaRoot batch = new VectorSchemaRoot(List.<FieldVector>of(shipdate, discount, quantity));
            batch.setRowCount(ROWS);

            ScanType date = ScanType.of(ScanType.Kind.DATE);
            ScanType decimal = ScanType.decimal(15, 2);
            ScanType bool = ScanType.of(ScanType.Kind.BOOLEAN);
            ScanExpression condition = new Call(Operator.AND, List.of(
                    compare(Operator.GREATER_OR_EQUAL, new Column(0, date), "8766", date, bool),
                    compare(Operator.LESS, new Column(0, date), "9131", date, bool),
                    compare(Operator.GREATER_OR_EQUAL, new Column(1, decimal), "0.05", decimal, bool),
                    compare(Operator.LESS_OR_EQUAL, new Column(1, decimal), "0.07", decimal, bool),
                    compare(Operator.LESS, new Column(2, decimal), "24.00", decimal, bool)), bool);

            Types.StructType struct = Types.StructType.of(
                    Types.NestedField.required(1, "l_shipdate", Types.DateType.get()),
                    Types.NestedField.required(2, "l_discount", Types.DecimalType.of(15, 2)),
                    Types.NestedField.required(3, "l_quantity", Types.DecimalType.of(15, 2)));
            Expression residual = Expressions.and(Expressions.and(
                    Expressions.greaterThanOrEqual("l_shipdate", 8766), Expressions.lessThan("l_shipdate", 9131)),
                    Expressions.and(Expressions.and(
                            Expressions.greaterThanOrEqual("l_discount", new BigDecimal("0.05")),
                            Expressions.lessThanOrEqual("l_discount", new BigDecimal("0.07"))),
                            Expressions.lessThan("l_quantity", new BigDecimal("24.00"))));
            VectorFilter filter = VectorFilter.compile(struct, residual,
                    new FieldVector[] {shipdate, discount, quantity}, new boolean[] {true, true, true});

            ExpressionEvaluator evaluator = new ExpressionEvaluator();
            int[] rows = new int[ROWS];
            int[] selected = new int[ROWS];
            for (int pass = 0; pass < 5; pass++) {
                long start = System.nanoTime();
                long kept = 0;
                for (int b = 0; b < BATCHES; b++) {
                    for (int i = 0; i < ROWS; i++) {
                        rows[i] = i;
                    }
                    kept += evaluator.select(condition, batch, rows, ROWS, selected);
                }
                long columnar = System.nanoTime() - start;
                start = System.nanoTime();
                long keptToo = 0;
                for (int b = 0; b < BATCHES; b++) {
                    keptToo += filter.select(0, ROWS, selected);
                }
                long kernels = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "pass %d: ExpressionEvaluator.select %7.1f M rows/s, VectorFilter %7.1f"
                        + " M rows/s (kept %d, %d)%n", pass, (double) ROWS * BATCHES / columnar * 1e3,
                        (double) ROWS * BATCHES / kernels * 1e3, kept, keptToo);
            }
        }
    }

    private static ScanExpression compare(Operator operator, ScanExpression column, String literal, ScanType type,
            ScanType result) {
        return new Call(operator, List.of(column, new Literal(Optional.of(literal), type)), result);
    }
}
