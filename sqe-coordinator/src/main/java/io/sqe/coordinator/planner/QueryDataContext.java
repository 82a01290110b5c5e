package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What a running plan can see: the schema, the statement's clock and time zone, the user, the bound
 * parameters ({@code ?0}, {@code ?1}, … in Calcite's internal representation) and the cancel flag.
 */
public final class QueryDataContext implements DataContext {
    private final SchemaPlus rootSchema;
    private final JavaTypeFactory typeFactory;
    private final Map<String, Object> values = new HashMap<>();
    private final AtomicBoolean cancelFlag;

    public QueryDataContext(SchemaPlus rootSchema, JavaTypeFactory typeFactory, String user, ZoneId timeZone,
            Map<String, Object> stashedValues, List<Object> internalParameters, AtomicBoolean cancelFlag) {
        this.rootSchema = requireNonNull(rootSchema, "rootSchema is null");
        this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
        this.cancelFlag = requireNonNull(cancelFlag, "cancelFlag is null");
        long now = Instant.now().toEpochMilli();
        TimeZone zone = TimeZone.getTimeZone(timeZone);
        long localNow = now + zone.getOffset(now);
        values.put(Variable.UTC_TIMESTAMP.camelName, now);
        values.put(Variable.CURRENT_TIMESTAMP.camelName, localNow);
        values.put(Variable.LOCAL_TIMESTAMP.camelName, localNow);
        values.put(Variable.TIME_ZONE.camelName, zone);
        values.put(Variable.LOCALE.camelName, Locale.ROOT);
        values.put(Variable.USER.camelName, user);
        values.put(Variable.SYSTEM_USER.camelName, user);
        values.put(Variable.CANCEL_FLAG.camelName, cancelFlag);
        values.putAll(stashedValues);
        for (int i = 0; i < internalParameters.size(); i++) {
            values.put("?" + i, internalParameters.get(i));
        }
    }

    @Override
    public SchemaPlus getRootSchema() {
        return rootSchema;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return typeFactory;
    }

    @Override
    public QueryProvider getQueryProvider() {
        throw new UnsupportedOperationException("SQE tables are not queryable through linq4j");
    }

    @Override
    public Object get(String name) {
        return values.get(name);
    }

    public AtomicBoolean cancelFlag() {
        return cancelFlag;
    }
}
