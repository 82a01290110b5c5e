package io.sqe.catalog.calcite;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.SchemaVersion;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.CompatibilityLookup;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;

/**
 * The parts every SQE schema shares. Subclasses answer {@link #table}, {@link #tableNames},
 * {@link #subSchema} and {@link #subSchemaNames}; Calcite reaches them through the {@link #tables()} and
 * {@link #subSchemas()} lookups, and the deprecated accessors route to the same place. There are no
 * user-defined types or functions, the schema is not mutable through Calcite (DDL goes through
 * {@link io.sqe.catalog.SessionCatalog}), and a snapshot is the schema itself because each statement builds its
 * own schema instances.
 */
abstract class ReadOnlySchema implements Schema {
    /** The table, or null when there is none; the one place a library contract forces null. */
    abstract Table table(String name);

    abstract Set<String> tableNames();

    /** The sub-schema, or null when there is none; a leaf schema (the default) has none. */
    Schema subSchema(String name) {
        return null;
    }

    Set<String> subSchemaNames() {
        return Set.of();
    }

    @Override
    public final Lookup<Table> tables() {
        return new CompatibilityLookup<>(this::table, this::tableNames);
    }

    @Override
    public final Lookup<? extends Schema> subSchemas() {
        return new CompatibilityLookup<>(this::subSchema, this::subSchemaNames);
    }

    @Override
    @Deprecated
    public final Table getTable(String name) {
        return table(name);
    }

    @Override
    @Deprecated
    public final Set<String> getTableNames() {
        return tables().getNames(LikePattern.any());
    }

    @Override
    @Deprecated
    public final Schema getSubSchema(String name) {
        return subSchema(name);
    }

    @Override
    @Deprecated
    public final Set<String> getSubSchemaNames() {
        return subSchemas().getNames(LikePattern.any());
    }

    @Override
    public RelProtoDataType getType(String name) {
        return null;
    }

    @Override
    public Set<String> getTypeNames() {
        return Set.of();
    }

    @Override
    public Collection<Function> getFunctions(String name) {
        return List.of();
    }

    @Override
    public Set<String> getFunctionNames() {
        return Set.of();
    }

    @Override
    public Expression getExpression(SchemaPlus parentSchema, String name) {
        return Schemas.subSchemaExpression(parentSchema, name, getClass());
    }

    @Override
    public boolean isMutable() {
        return false;
    }

    @Override
    public Schema snapshot(SchemaVersion version) {
        return this;
    }
}
