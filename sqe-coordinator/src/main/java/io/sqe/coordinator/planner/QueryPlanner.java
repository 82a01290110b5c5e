package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.policy.QueryPolicy;
import java.util.List;
import io.sqe.coordinator.exec.ColumnarPlan;
import io.sqe.coordinator.exec.ColumnarPlanner;
import java.util.Optional;
import java.util.Properties;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlExplainFormat;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns a parsed query into an executable plan with Calcite: validate against the session's catalog,
 * convert to relational algebra, apply the statement's access policy (row filters and masks go directly above
 * each scan, before any rewrite can move a predicate past them), turn simple correlated [NOT] EXISTS into semi
 * and anti joins ({@link ExistsToSemiJoin}), remove the other sub-queries and decorrelate, trim unused fields,
 * apply the logical rewrites and the scan push-downs ({@link PlannerRules}), order the joins by cost
 * ({@link JoinOrdering}, with the Iceberg statistics of {@link PlannerStatistics}), then pick physical operators
 * with Volcano. Volcano gets no join reordering rules: its exhaustive search is unbounded on these machines
 * (see DEPENDENCIES.md).
 */
public final class QueryPlanner {
    /** Standard SQL and PostgreSQL functions, plus the common Trino functions other dialects define. */
    private static final SqlOperatorTable OPERATOR_TABLE = SqlOperatorTables.chain(
            caseInsensitive(SqlOperatorTables.of(SqlLibraryOperators.CONCAT_FUNCTION, SqlLibraryOperators.LPAD,
                    SqlLibraryOperators.RPAD, SqlLibraryOperators.LEFT, SqlLibraryOperators.RIGHT,
                    SqlLibraryOperators.SPLIT_PART, SqlLibraryOperators.REVERSE, SqlLibraryOperators.CHR,
                    SqlLibraryOperators.IFNULL)),
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL));

    /** Function names match regardless of case ({@code length} finds LENGTH), whatever the identifier rules. */
    private static SqlOperatorTable caseInsensitive(SqlOperatorTable table) {
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(org.apache.calcite.sql.SqlIdentifier name,
                    org.apache.calcite.sql.SqlFunctionCategory category, org.apache.calcite.sql.SqlSyntax syntax,
                    List<org.apache.calcite.sql.SqlOperator> operators,
                    org.apache.calcite.sql.validate.SqlNameMatcher nameMatcher) {
                table.lookupOperatorOverloads(name, category, syntax, operators,
                        org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(false));
            }

            @Override
            public List<org.apache.calcite.sql.SqlOperator> getOperatorList() {
                return table.getOperatorList();
            }
        };
    }

    private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(SqeTypeSystem.INSTANCE);
    private final CalciteConnectionConfig connectionConfig;
    private final boolean columnarExecution;

    /** A planner whose plans run on the columnar engine wherever it covers them. */
    public QueryPlanner() {
        this(true);
    }

    /** @param columnarExecution whether to translate plans for the columnar engine, or leave them to Calcite's */
    public QueryPlanner(boolean columnarExecution) {
        this.columnarExecution = columnarExecution;
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        properties.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), SqlConformanceEnum.BABEL.name());
        this.connectionConfig = new CalciteConnectionConfigImpl(properties);
    }

    public JavaTypeFactory typeFactory() {
        return typeFactory;
    }

    /** Validates {@code query} and returns its validated form plus the validator (for parameter types). */
    public Validated validate(SchemaPlus rootSchema, List<String> defaultPath, SqlNode query) {
        requireNonNull(rootSchema, "rootSchema is null");
        SqeCatalogReader catalogReader = new SqeCatalogReader(
                CalciteSchema.from(rootSchema), defaultPath, typeFactory, connectionConfig);
        // The catalog reader also resolves functions registered in the schema tree (StringFunctions).
        SqlValidator validator = SqlValidatorUtil.newValidator(SqlOperatorTables.chain(OPERATOR_TABLE, catalogReader),
                catalogReader, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(SqeConformance.INSTANCE)
                        .withIdentifierExpansion(true)
                        .withDefaultNullCollation(NullCollation.LAST));
        SqlNode validated;
        try {
            validated = validator.validate(ZonedTypes.rewrite(query));
        } catch (RuntimeException e) {
            throw ValidationErrors.translate(e);
        }
        return new Validated(validated, validator, catalogReader);
    }

    /** The functions queries may call; row filters and masks of access policies may call them too. */
    public static SqlOperatorTable operatorTable() {
        return OPERATOR_TABLE;
    }

    /**
     * Plans a validated query down to an executable Enumerable plan. {@code policy} is applied to the plan as
     * SQL-to-rel conversion leaves it, before any other rewrite; it throws ACCESS_DENIED for tables the user may
     * not read.
     */
    public PlannedQuery plan(Validated validated, java.time.ZoneId sessionZone, QueryPolicy policy) {
        requireNonNull(policy, "policy is null");
        VolcanoPlanner planner = new VolcanoPlanner(null, Contexts.of(connectionConfig));
        planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
        PlannerRules.registerPhysicalRules(planner);
        RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
        PlannerStatistics.install(cluster);

        SqlToRelConverter converter = new SqlToRelConverter(
                (rowType, queryString, schemaPath, viewPath) -> {
                    throw new SqeException(ErrorCode.NOT_SUPPORTED, "Views are not supported");
                },
                validated.validator(),
                validated.catalogReader(),
                cluster,
                StandardConvertletTable.INSTANCE,
                SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(true));
        RelRoot root = converter.convertQuery(validated.node(), false, true);
        if (root.rel instanceof TableModify) {
            // INSERT: plan its source, already cast to the target's columns; the write happens outside Calcite
            root = RelRoot.of(root.rel.getInput(0), SqlKind.SELECT);
        }
        RelNode logical = ConstantUnionFolding.fold(PolicyEnforcement.apply(root.rel, policy));
        RelBuilder relBuilder = RelBuilder.proto(Contexts.empty()).create(cluster, validated.catalogReader());
        try {
            logical = ExistsToSemiJoin.rewrite(logical);
            logical = PlannerRules.removeSubQueries(logical);
            logical = RelDecorrelator.decorrelateQuery(logical, relBuilder);
            // Projections of only the used columns right above each scan, so ScanPushDown reads no other column.
            logical = new RelFieldTrimmer(validated.validator(), relBuilder).trim(logical);
            logical = PlannerRules.rewriteLogical(logical, sessionZone);
            logical = JoinOrdering.reorder(logical);
            logical = root.withRel(logical).project();
            RelTraitSet desired = logical.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify();
            planner.setRoot(logical.getTraitSet().equals(desired) ? logical : planner.changeTraits(logical, desired));
            EnumerableRel physical = (EnumerableRel) planner.findBestExp();
            RelDataType rowType = withQueryFieldNames(physical.getRowType(), root);
            RelDataType parameterRowType = validated.validator().getParameterRowType(validated.node());
            ColumnarPlanner.Translation columnar;
            if (!columnarExecution) {
                columnar = new ColumnarPlanner.Translation(Optional.empty(), Optional.of("[query] execution is \"row\""));
            } else if (parameterRowType.getFieldCount() > 0) {
                columnar = new ColumnarPlanner.Translation(Optional.empty(), Optional.of("the columnar engine does not support parameters yet"));
            } else {
                columnar = ColumnarPlanner.translate(physical, rowType);
            }
            return new PlannedQuery(rowType, physical, parameterRowType, columnar);
        } catch (RelOptPlanner.CannotPlanException e) {
            throw new SqeException(ErrorCode.NOT_SUPPORTED,
                    "This query shape is not supported yet; try rewriting it", e);
        }
    }

    /**
     * The plan's row type with the names the query gives its columns: rules that drop a projection which only
     * renames (field trimming, project removal around the join ordering) would otherwise leak inner names such as
     * {@code schema_name} for {@code schema_name AS "Schema"}.
     */
    private RelDataType withQueryFieldNames(RelDataType planRowType, RelRoot root) {
        List<String> names = org.apache.calcite.util.Pair.right(root.fields);
        if (names.size() != planRowType.getFieldCount() || names.equals(planRowType.getFieldNames())) {
            return planRowType;
        }
        List<RelDataType> types = new java.util.ArrayList<>();
        planRowType.getFieldList().forEach(field -> types.add(field.getType()));
        return typeFactory.createStructType(types, names);
    }

    /** A query that passed validation. */
    public record Validated(SqlNode node, SqlValidator validator, SqeCatalogReader catalogReader) {
        public Validated {
            requireNonNull(node, "node is null");
            requireNonNull(validator, "validator is null");
            requireNonNull(catalogReader, "catalogReader is null");
        }
    }

    /** An executable plan; {@link #bindable()} compiles it once on first use. */
    public static final class PlannedQuery {
        private final RelDataType rowType;
        private final EnumerableRel physical;
        private final RelDataType parameterRowType;
        private final ColumnarPlanner.Translation columnar;
        private final java.util.Map<String, Object> stashedValues = new java.util.HashMap<>();
        private Bindable<Object> bindable;

        PlannedQuery(RelDataType rowType, EnumerableRel physical, RelDataType parameterRowType,
                ColumnarPlanner.Translation columnar) {
            this.rowType = requireNonNull(rowType, "rowType is null");
            this.physical = requireNonNull(physical, "physical is null");
            this.parameterRowType = requireNonNull(parameterRowType, "parameterRowType is null");
            this.columnar = requireNonNull(columnar, "columnar is null");
        }

        /** The plan on the columnar engine, or empty when part of it needs Calcite's row operators. */
        public Optional<ColumnarPlan> columnar() {
            return columnar.plan();
        }

        public RelDataType rowType() {
            return rowType;
        }

        public RelDataType parameterRowType() {
            return parameterRowType;
        }

        /** The physical plan, for tests of the planner. */
        EnumerableRel physical() {
            return physical;
        }

        /** Objects the generated code reads from the DataContext (tables, filters); valid after bindable(). */
        public synchronized java.util.Map<String, Object> stashedValues() {
            return java.util.Map.copyOf(stashedValues);
        }

        /** The tables the plan reads, as catalog.schema.table. */
        public List<String> tablesRead() {
            List<String> tables = new java.util.ArrayList<>();
            for (org.apache.calcite.plan.RelOptTable table : RelOptUtil.findAllTables(physical)) {
                String name = String.join(".", table.getQualifiedName());
                if (!tables.contains(name)) {
                    tables.add(name);
                }
            }
            return tables;
        }

        /** The columnar plan when there is one, then the optimized plan it was translated from. */
        public String explain() {
            String optimized = RelOptUtil.dumpPlan("", physical, SqlExplainFormat.TEXT,
                    SqlExplainLevel.EXPPLAN_ATTRIBUTES);
            return columnar.plan().map(plan -> "Columnar plan:\n" + plan.explain() + "\nOptimized plan:\n" + optimized)
                    .orElseGet(() -> "Optimized plan (Calcite row operators: " + columnar.unsupported().orElseThrow()
                            + "):\n" + optimized);
        }

        @SuppressWarnings("unchecked")
        public synchronized Bindable<Object> bindable() {
            if (bindable == null) {
                bindable = EnumerableInterpretable.toBindable(
                        stashedValues, null, physical, EnumerableRel.Prefer.ARRAY);
            }
            return bindable;
        }
    }
}
