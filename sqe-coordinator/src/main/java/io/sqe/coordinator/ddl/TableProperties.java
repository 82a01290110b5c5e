package io.sqe.coordinator.ddl;

import io.sqe.catalog.partition.PartitionTransforms;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.sql.PropertyValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * The {@code WITH (...)} properties of CREATE TABLE, as Trino's Iceberg connector spells them:
 * {@code partitioning = ARRAY['day(ts)', 'bucket(id, 16)']} and {@code format = 'PARQUET'}.
 */
public final class TableProperties {
    private TableProperties() {}

    public static PartitionSpec partitionSpec(Schema schema, Map<String, PropertyValue> properties) {
        for (Map.Entry<String, PropertyValue> property : properties.entrySet()) {
            String key = property.getKey().toLowerCase(Locale.ROOT);
            if (key.equals("format")) {
                PropertyValue value = property.getValue();
                if (!(value instanceof PropertyValue.StringValue)
                        || !((PropertyValue.StringValue) value).value().equalsIgnoreCase("parquet")) {
                    throw new SqeException(ErrorCode.INVALID_TABLE_PROPERTY,
                            "Table property 'format' must be 'PARQUET', the only format SQE writes");
                }
            } else if (!key.equals("partitioning")) {
                throw new SqeException(ErrorCode.INVALID_TABLE_PROPERTY, "Unknown table property '"
                        + property.getKey() + "'; supported properties are 'partitioning' and 'format'");
            }
        }
        PropertyValue partitioning = properties.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase("partitioning"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (partitioning == null) {
            return PartitionSpec.unpartitioned();
        }
        if (!(partitioning instanceof PropertyValue.StringArrayValue)) {
            throw new SqeException(ErrorCode.INVALID_TABLE_PROPERTY,
                    "Table property 'partitioning' must be an ARRAY of strings, e.g. ARRAY['day(ts)', 'bucket(id, 16)']");
        }
        List<String> fields = ((PropertyValue.StringArrayValue) partitioning).values();
        return PartitionTransforms.toPartitionSpec(schema, fields);
    }
}
