package io.sqe.coordinator.engine;

import io.sqe.core.engine.CatalogMetadata;
import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.catalog.calcite.CatalogAccess;
import io.sqe.catalog.calcite.InformationSchema;
import io.sqe.coordinator.ddl.LikePattern;
import io.sqe.coordinator.planner.QueryPlanner;
import io.sqe.coordinator.result.ResultSchemas;
import io.sqe.core.session.Session;
import io.sqe.policy.ObjectName;
import io.sqe.policy.PolicyEnforcer;
import io.sqe.policy.QueryPolicy;
import io.sqe.planner.types.ArrowSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;

/**
 * Catalog metadata for protocol calls, from the same catalog view that queries use: schemas and tables the access
 * policy does not show are left out, and table schemas hold only the columns the user may see.
 */
final class SqeCatalogMetadata implements CatalogMetadata {
    private static final String TABLE = "TABLE";
    private static final String SYSTEM_TABLE = "SYSTEM TABLE";

    private final SessionCatalogs catalogs;
    private final PolicyEnforcer policies;
    private final BiFunction<Session, CatalogAccess, SchemaPlus> rootSchema;
    private final QueryPlanner typeSource = new QueryPlanner();

    SqeCatalogMetadata(SessionCatalogs catalogs, PolicyEnforcer policies,
            BiFunction<Session, CatalogAccess, SchemaPlus> rootSchema) {
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.rootSchema = requireNonNull(rootSchema, "rootSchema is null");
    }

    @Override
    public List<String> catalogs(Session session) {
        return List.of(catalogs.name());
    }

    @Override
    public List<SchemaEntry> schemas(Session session, Optional<String> catalogName, Optional<String> schemaPattern) {
        SessionCatalog catalog = catalogs.forSession(session);
        List<SchemaEntry> schemas = new ArrayList<>();
        if (catalogName.isPresent() && !catalogName.get().equals(catalog.name())) {
            return schemas;
        }
        Optional<Pattern> pattern = schemaPattern.map(LikePattern::compile);
        QueryPolicy policy = policies.forQuery(session.user());
        for (String schema : allSchemas(catalog)) {
            if (!schema.equals(InformationSchema.NAME) && !policy.isVisible(ObjectName.schema(catalog.name(), schema))) {
                continue;
            }
            if (pattern.isEmpty() || pattern.get().matcher(schema).matches()) {
                schemas.add(new SchemaEntry(catalog.name(), schema));
            }
        }
        return schemas;
    }

    @Override
    public List<TableEntry> tables(Session session, Optional<String> catalogName, Optional<String> schemaPattern,
            Optional<String> tablePattern, List<String> tableTypes) {
        SessionCatalog catalog = catalogs.forSession(session);
        List<TableEntry> tables = new ArrayList<>();
        Optional<Pattern> tableMatcher = tablePattern.map(LikePattern::compile);
        boolean wantTables = tableTypes.isEmpty() || tableTypes.contains(TABLE);
        boolean wantSystem = tableTypes.isEmpty() || tableTypes.contains(SYSTEM_TABLE);
        QueryPolicy policy = policies.forQuery(session.user());
        for (SchemaEntry schema : schemas(session, catalogName, schemaPattern)) {
            if (schema.schema().equals(InformationSchema.NAME)) {
                if (wantSystem) {
                    addInformationSchema(session, policy, tableMatcher, tables);
                }
                continue;
            }
            if (!wantTables) {
                continue;
            }
            for (String table : catalog.listTables(schema.schema())) {
                if (tableMatcher.isPresent() && !tableMatcher.get().matcher(table).matches()) {
                    continue;
                }
                ObjectName name = ObjectName.table(catalog.name(), schema.schema(), table);
                if (!policy.isVisible(name)) {
                    continue;
                }
                Optional<org.apache.iceberg.Table> loaded = catalog.findTable(schema.schema(), table);
                if (loaded.isPresent()) {
                    tables.add(new TableEntry(catalog.name(), schema.schema(), table, TABLE,
                            ArrowSchemas.toArrowSchema(visibleSchema(policy, name, loaded.get().schema()))));
                }
            }
        }
        return tables;
    }

    /** The table's schema without the columns the user may not see. */
    private static org.apache.iceberg.Schema visibleSchema(QueryPolicy policy, ObjectName name,
            org.apache.iceberg.Schema schema) {
        List<String> columns = schema.columns().stream().map(org.apache.iceberg.types.Types.NestedField::name).toList();
        List<String> visible = policy.visibleColumns(name, columns);
        if (visible.size() == columns.size()) {
            return schema;
        }
        return new org.apache.iceberg.Schema(schema.columns().stream()
                .filter(column -> visible.contains(column.name()))
                .toList());
    }

    private void addInformationSchema(Session session, QueryPolicy policy, Optional<Pattern> tableMatcher,
            List<TableEntry> tables) {
        SchemaPlus informationSchema = rootSchema.apply(session, new PolicyCatalogAccess(policy, Optional.empty())).getSubSchema(catalogs.name()).getSubSchema(InformationSchema.NAME);
        for (String name : new java.util.TreeSet<>(informationSchema.getTableNames())) {
            if (tableMatcher.isPresent() && !tableMatcher.get().matcher(name).matches()) {
                continue;
            }
            Table table = informationSchema.getTable(name);
            Schema schema = ResultSchemas.toArrowSchema(table.getRowType(typeSource.typeFactory()));
            tables.add(new TableEntry(catalogs.name(), InformationSchema.NAME, name, SYSTEM_TABLE, schema));
        }
    }

    private static List<String> allSchemas(SessionCatalog catalog) {
        List<String> schemas = new ArrayList<>(catalog.listSchemas());
        schemas.add(InformationSchema.NAME);
        schemas.sort(null);
        return schemas;
    }
}
