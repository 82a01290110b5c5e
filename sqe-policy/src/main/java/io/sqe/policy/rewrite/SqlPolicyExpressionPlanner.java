package io.sqe.policy.rewrite;

import static java.util.Objects.requireNonNull;

import io.sqe.policy.TablePolicy;
import io.sqe.policy.mask.MaskFunctions;
import io.sqe.sql.SqlParsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Plans policy expressions with Calcite itself: each expression is parsed with SQE's parser, validated with the
 * scan's columns as the only names in scope ({@link SqlValidator#validateParameterizedExpression}) and converted
 * to a {@link RexNode} over the scan ({@link SqlToRelConverter#convertExpression(SqlNode, Map)}). Functions
 * resolve from the standard operator table, the extra table given here, and the mask functions.
 */
public final class SqlPolicyExpressionPlanner implements PolicyExpressionPlanner {
    private final SqlParser.Config parserConfig;
    private final SqlOperatorTable extraOperators;
    private final CalciteSchema functionSchema;

    /**
     * @param parserConfig how expression text is lexed and parsed (SQE: {@link SqlParsers#parserConfig()})
     * @param extraOperators functions beyond the SQL standard ones that custom masks and filters may call
     */
    public SqlPolicyExpressionPlanner(SqlParser.Config parserConfig, SqlOperatorTable extraOperators) {
        this.parserConfig = requireNonNull(parserConfig, "parserConfig is null");
        this.extraOperators = requireNonNull(extraOperators, "extraOperators is null");
        this.functionSchema = CalciteSchema.createRootSchema(false, false);
        MaskFunctions.register(functionSchema.plus());
    }

    /** SQE's parser, the standard functions and the mask functions. */
    public static SqlPolicyExpressionPlanner withDefaults() {
        return new SqlPolicyExpressionPlanner(SqlParsers.parserConfig(), SqlOperatorTables.of());
    }

    @Override
    public RelNode plan(TableScan scan, TablePolicy policy) {
        requireNonNull(scan, "scan is null");
        requireNonNull(policy, "policy is null");
        RelOptCluster cluster = scan.getCluster();
        RelDataType rowType = scan.getRowType();
        ExpressionConverter converter = new ExpressionConverter(cluster, rowType);
        RelNode input = scan;
        if (policy.rowFilter().isPresent()) {
            RexNode condition = converter.convert(policy.rowFilter().get());
            if (condition.getType().getSqlTypeName() != SqlTypeName.BOOLEAN) {
                throw new IllegalArgumentException("the row filter is not a boolean expression: "
                        + policy.rowFilter().get());
            }
            input = LogicalFilter.create(input, condition);
        }
        if (!policy.columnExpressions().isEmpty()) {
            RexBuilder rexBuilder = cluster.getRexBuilder();
            List<RexNode> projects = new ArrayList<>();
            for (RelDataTypeField field : rowType.getFieldList()) {
                String expression = policy.columnExpressions().get(field.getName());
                if (expression == null) {
                    projects.add(RexInputRef.of(field.getIndex(), rowType));
                    continue;
                }
                RexNode converted = converter.convert(expression);
                if (!converted.getType().equals(field.getType())) {
                    // Usually only nullability differs (a constant mask of a nullable column); an explicit CAST
                    // keeps the column's exact type, which the plan above the scan was built against.
                    converted = rexBuilder.makeAbstractCast(field.getType(), converted, false);
                }
                if (!converted.getType().equals(field.getType())) {
                    throw new IllegalArgumentException("the mask of column '" + field.getName() + "' has type "
                            + converted.getType().getFullTypeString() + ", not the column's "
                            + field.getType().getFullTypeString());
                }
                projects.add(converted);
            }
            input = LogicalProject.create(input, List.of(), projects, rowType.getFieldNames(), Set.of());
        }
        return input;
    }

    private static boolean containsAggregate(SqlNode validated) {
        boolean[] found = {false};
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator().isAggregator()) {
                    found[0] = true;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    /** Validates and converts expressions over one row type. */
    private final class ExpressionConverter {
        private final Map<String, RelDataType> nameToType = new LinkedHashMap<>();
        private final Map<String, RexNode> nameToNode = new LinkedHashMap<>();
        private final SqlValidator validator;
        private final SqlToRelConverter converter;

        ExpressionConverter(RelOptCluster cluster, RelDataType rowType) {
            JavaTypeFactory typeFactory = cluster.getTypeFactory() instanceof JavaTypeFactory
                    ? (JavaTypeFactory) cluster.getTypeFactory()
                    : new JavaTypeFactoryImpl(cluster.getTypeFactory().getTypeSystem());
            for (RelDataTypeField field : rowType.getFieldList()) {
                nameToType.put(field.getName(), field.getType());
                nameToNode.put(field.getName(), RexInputRef.of(field.getIndex(), rowType));
            }
            Properties properties = new Properties();
            properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
            CalciteCatalogReader catalogReader = new CalciteCatalogReader(functionSchema, List.of(), typeFactory,
                    new CalciteConnectionConfigImpl(properties));
            SqlOperatorTable operators = SqlOperatorTables.chain(SqlStdOperatorTable.instance(), extraOperators,
                    catalogReader);
            this.validator = SqlValidatorUtil.newValidator(operators, catalogReader, typeFactory,
                    SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.BABEL));
            // The converter installs its config's hint table in the cluster: hand it the cluster's own, so the
            // query's hints (and the policy hint) stay registered.
            this.converter = new SqlToRelConverter(null, validator, catalogReader, cluster,
                    StandardConvertletTable.INSTANCE, SqlToRelConverter.config().withExpand(false)
                            .withHintStrategyTable(cluster.getHintStrategies()));
        }

        RexNode convert(String expression) {
            SqlNode parsed;
            try {
                parsed = SqlParser.create(expression, parserConfig).parseExpression();
            } catch (SqlParseException e) {
                throw new IllegalArgumentException("policy expression does not parse: " + expression, e);
            }
            SqlNode validated = validator.validateParameterizedExpression(parsed, nameToType);
            if (containsAggregate(validated)) {
                throw new IllegalArgumentException("policy expression uses an aggregate function: " + expression);
            }
            RexNode converted = converter.convertExpression(validated, nameToNode);
            if (RexOver.containsOver(converted) || RexUtil.SubQueryFinder.find(converted) != null) {
                throw new IllegalArgumentException("policy expression uses a window function or sub-query: "
                        + expression);
            }
            return converted;
        }
    }
}
