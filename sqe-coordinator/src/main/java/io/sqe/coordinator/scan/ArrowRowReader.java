package io.sqe.coordinator.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads rows out of a scan batch in Calcite's internal representation: the hand-over from the columnar
 * scan to the operators above it. Microsecond times become Calcite's milliseconds here.
 */
final class ArrowRowReader {
    private ArrowRowReader() {}

    static Object[] row(VectorSchemaRoot root, int index) {
        List<FieldVector> vectors = root.getFieldVectors();
        Object[] row = new Object[vectors.size()];
        for (int column = 0; column < row.length; column++) {
            row[column] = value(vectors.get(column), index);
        }
        return row;
    }

    private static Object value(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof IntVector) {
            return ((IntVector) vector).get(index);
        }
        if (vector instanceof BigIntVector) {
            return ((BigIntVector) vector).get(index);
        }
        if (vector instanceof VarCharVector) {
            return new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof DecimalVector) {
            return ((DecimalVector) vector).getObject(index);
        }
        if (vector instanceof Float8Vector) {
            return ((Float8Vector) vector).get(index);
        }
        if (vector instanceof Float4Vector) {
            return ((Float4Vector) vector).get(index);
        }
        if (vector instanceof BitVector) {
            return ((BitVector) vector).get(index) != 0;
        }
        if (vector instanceof DateDayVector) {
            return ((DateDayVector) vector).get(index);
        }
        if (vector instanceof TimeStampVector) {
            return Math.floorDiv(((TimeStampVector) vector).get(index), 1000L);
        }
        if (vector instanceof TimeMicroVector) {
            return (int) (((TimeMicroVector) vector).get(index) / 1000L);
        }
        if (vector instanceof VarBinaryVector) {
            return new ByteString(((VarBinaryVector) vector).get(index));
        }
        if (vector instanceof FixedSizeBinaryVector) {
            return new ByteString(((FixedSizeBinaryVector) vector).get(index));
        }
        throw new IllegalStateException("no reader for " + vector.getClass().getSimpleName());
    }
}
