package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import io.sqe.sql.SqlParsers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.Programs;

/**
 * A tiny Calcite engine for tests: catalog {@code lake}, schema {@code hr}, in-memory tables. Queries are planned
 * the way SQE plans them (SQE's parser, sub-queries kept as RexSubQuery), rewritten by a {@link QueryPolicy} right
 * after conversion, optimized with Calcite's standard program and executed as Enumerable code.
 */
public final class QueryHarness {
    private final SchemaPlus root;
    private final SchemaPlus defaultSchema;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public QueryHarness() {
        // The mask functions are deliberately not registered: plans call them directly, users cannot.
        this.root = CalciteSchema.createRootSchema(false, false).plus();
        SchemaPlus lake = root.add("lake", new AbstractSchema());
        this.defaultSchema = lake.add("hr", new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return tables;
            }
        });
    }

    /** The employees/departments tables most tests use. */
    public static QueryHarness withEmployees() {
        QueryHarness harness = new QueryHarness();
        harness.addTable("employees", factory -> factory.builder()
                .add("id", factory.createSqlType(org.apache.calcite.sql.type.SqlTypeName.INTEGER))
                .add("name", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .add("email", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .add("region", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .add("salary", factory.createTypeWithNullability(
                        factory.createSqlType(org.apache.calcite.sql.type.SqlTypeName.DECIMAL, 10, 2), true))
                .add("dept_id", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.INTEGER))
                .add("ssn", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .build(),
                List.of(
                        new Object[] {1, "alice", "alice@x.com", "EU", new java.math.BigDecimal("100.00"), 10, "111"},
                        new Object[] {2, "bob", "bob@x.com", "US", new java.math.BigDecimal("200.00"), 10, "222"},
                        new Object[] {3, "carol", "carol@x.com", "EU", new java.math.BigDecimal("300.00"), 20, "333"},
                        new Object[] {4, "dave", "dave@x.com", "US", new java.math.BigDecimal("400.00"), 20, "444"}));
        harness.addTable("departments", factory -> factory.builder()
                .add("id", factory.createSqlType(org.apache.calcite.sql.type.SqlTypeName.INTEGER))
                .add("name", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .add("region", nullable(factory, org.apache.calcite.sql.type.SqlTypeName.VARCHAR))
                .build(),
                List.of(new Object[] {10, "sales", "EU"}, new Object[] {20, "eng", "US"}));
        return harness;
    }

    public static RelDataType nullable(RelDataTypeFactory factory, org.apache.calcite.sql.type.SqlTypeName type) {
        return factory.createTypeWithNullability(factory.createSqlType(type), true);
    }

    public void addTable(String name, Function<RelDataTypeFactory, RelDataType> rowType, List<Object[]> rows) {
        tables.put(name, new RowTable(rowType, rows));
    }

    /** The logical plan of {@code sql} after {@code policy} rewrote it. */
    public RelNode plan(String sql, QueryPolicy policy) {
        try (Planner planner = Frameworks.getPlanner(config())) {
            return rewrite(planner, sql, policy).project();
        }
    }

    /** Runs {@code sql} under {@code policy}; each row as a list. */
    public List<List<Object>> query(String sql, QueryPolicy policy) {
        return execute(sql, policy).rows();
    }

    /** The optimized physical plan of {@code sql} under {@code policy}. */
    public String explain(String sql, QueryPolicy policy) {
        try (Planner planner = Frameworks.getPlanner(config())) {
            RelNode logical = rewrite(planner, sql, policy).project();
            RelNode physical = planner.transform(0,
                    logical.getTraitSet().replace(EnumerableConvention.INSTANCE), logical);
            return org.apache.calcite.plan.RelOptUtil.toString(physical);
        } catch (org.apache.calcite.tools.RelConversionException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Result execute(String sql, QueryPolicy policy) {
        try (Planner planner = Frameworks.getPlanner(config())) {
            RelRoot root = rewrite(planner, sql, policy);
            RelNode logical = root.project();
            RelNode physical = planner.transform(0,
                    logical.getTraitSet().replace(EnumerableConvention.INSTANCE), logical);
            Bindable<Object> bindable = EnumerableInterpretable.toBindable(new HashMap<>(), null,
                    (EnumerableRel) physical, EnumerableRel.Prefer.ARRAY);
            List<List<Object>> rows = new ArrayList<>();
            for (Object row : bindable.bind(new TestDataContext(root(), planner.getTypeFactory()))) {
                rows.add(row instanceof Object[] ? Arrays.asList((Object[]) row) : Arrays.asList(row));
            }
            return new Result(logical.getRowType(), rows);
        } catch (Exception e) {
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException(e);
        }
    }

    private RelRoot rewrite(Planner planner, String sql, QueryPolicy policy) {
        try {
            SqlNode parsed = planner.parse(sql);
            SqlNode validated = planner.validate(parsed);
            RelRoot root = planner.rel(validated);
            return root.withRel(policy.rewrite(root.rel));
        } catch (Exception e) {
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException(e);
        }
    }

    private SchemaPlus root() {
        return root;
    }

    private FrameworkConfig config() {
        return Frameworks.newConfigBuilder()
                .parserConfig(SqlParsers.parserConfig())
                .defaultSchema(defaultSchema)
                .sqlToRelConverterConfig(SqlToRelConverter.config().withExpand(false))
                .programs(Programs.standard())
                .build();
    }

    /** Rows and the row type they came with. */
    public record Result(RelDataType rowType, List<List<Object>> rows) {
        public Result {
            requireNonNull(rowType, "rowType is null");
            rows = List.copyOf(rows.stream().map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
                    .toList());
        }
    }

    private static final class RowTable extends AbstractTable implements ScannableTable {
        private final Function<RelDataTypeFactory, RelDataType> rowType;
        private final List<Object[]> rows;

        RowTable(Function<RelDataTypeFactory, RelDataType> rowType, List<Object[]> rows) {
            this.rowType = rowType;
            this.rows = List.copyOf(rows);
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowType.apply(typeFactory);
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows);
        }
    }

    private static final class TestDataContext implements DataContext {
        private final SchemaPlus root;
        private final JavaTypeFactory typeFactory;
        private final long now = System.currentTimeMillis();

        TestDataContext(SchemaPlus root, RelDataTypeFactory typeFactory) {
            this.root = root;
            this.typeFactory = typeFactory instanceof JavaTypeFactory
                    ? (JavaTypeFactory) typeFactory
                    : new JavaTypeFactoryImpl();
        }

        @Override
        public SchemaPlus getRootSchema() {
            return root;
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return typeFactory;
        }

        @Override
        public QueryProvider getQueryProvider() {
            return null;
        }

        @Override
        public Object get(String name) {
            if (Variable.TIME_ZONE.camelName.equals(name)) {
                return TimeZone.getDefault();
            }
            if (Variable.CURRENT_TIMESTAMP.camelName.equals(name) || Variable.UTC_TIMESTAMP.camelName.equals(name)
                    || Variable.LOCAL_TIMESTAMP.camelName.equals(name)) {
                return now;
            }
            if (Variable.LOCALE.camelName.equals(name)) {
                return java.util.Locale.ROOT;
            }
            return null;
        }
    }
}
