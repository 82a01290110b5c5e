package io.sqe.coordinator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringKernelsTest {
    private static final String[] VALUES = {"hello", "héllo wörld", "", "日本語テキスト", null, "ab", "x😀y"};

    @Test
    void substringCountsCharactersInAsciiAndOtherStringsAlike() {
        long[][] startsAndLengths = {{1, 2}, {2, 3}, {0, 3}, {-2, 5}, {3, Long.MAX_VALUE}, {7, 10}, {100, 1}, {2, 0}};
        for (long[] startAndLength : startsAndLengths) {
            Column result = StringKernels.substring(strings(VALUES), constant(startAndLength[0]),
                    startAndLength[1] == Long.MAX_VALUE ? null : constant(startAndLength[1]));

            assertThat(texts(result)).as("FROM %d FOR %d", startAndLength[0], startAndLength[1])
                    .isEqualTo(expected(startAndLength[0], startAndLength[1]));
        }
    }

    @Test
    void malformedUtf8IsReplacedEvenWhenThatLengthensThePiece() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'a'};
        Column values = Column.ofStrings(bytes, new int[] {0, 3}, null, 1);

        Column result = StringKernels.substring(values, Column.ofLongs(ValueKind.LONG, new long[] {1}, null, 1), null);

        assertThat(texts(result)).containsExactly("\uFFFD\uFFFDa");
    }

    @Test
    void aStringSetFindsItsMembersWhetherComparedOneByOneOrHashed() {
        for (int size : new int[] {3, 40}) {
            List<byte[]> members = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                members.add(("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            members.add("日本".getBytes(StandardCharsets.UTF_8));
            Column values = strings(new String[] {"m1", "m2", "日本", null, "m", "m10", "xm1"});

            Column in = StringKernels.in(values, new StringKernels.StringSet(members), false);
            Column notIn = StringKernels.in(values, new StringKernels.StringSet(members), true);

            boolean large = size > 10;
            assertThat(booleans(in)).as("%d members", size)
                    .containsExactly(true, true, true, null, false, large, false);
            assertThat(booleans(notIn)).as("%d members", size)
                    .containsExactly(false, false, false, null, true, !large, true);
        }
    }

    private static List<Boolean> booleans(Column column) {
        List<Boolean> values = new ArrayList<>();
        for (int i = 0; i < column.size; i++) {
            values.add(column.isNull(i) ? null : column.longs[i] != 0);
        }
        return values;
    }

    /** What Java's code-point arithmetic gives, the oracle. */
    private static List<String> expected(long start, long length) {
        List<String> expected = new ArrayList<>();
        for (String value : VALUES) {
            if (value == null) {
                expected.add(null);
                continue;
            }
            int[] codePoints = value.codePoints().toArray();
            long from = Math.max(start, 1);
            long to = length == Long.MAX_VALUE ? codePoints.length + 1L : Math.min(codePoints.length + 1L, start + length);
            expected.add(to <= from ? "" : new String(codePoints, (int) from - 1, (int) (to - from)));
        }
        return expected;
    }

    private static Column constant(long value) {
        long[] values = new long[VALUES.length];
        Arrays.fill(values, value);
        return Column.ofLongs(ValueKind.LONG, values, null, values.length);
    }

    private static Column strings(String[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] offsets = new int[values.length + 1];
        boolean[] nulls = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            nulls[i] = values[i] == null;
            if (values[i] != null) {
                bytes.writeBytes(values[i].getBytes(StandardCharsets.UTF_8));
            }
            offsets[i + 1] = bytes.size();
        }
        return Column.ofStrings(bytes.toByteArray(), offsets, nulls, values.length);
    }

    private static List<String> texts(Column column) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < column.size; i++) {
            texts.add(column.isNull(i) ? null : new String(column.bytes, column.offsets[i],
                    column.offsets[i + 1] - column.offsets[i], StandardCharsets.UTF_8));
        }
        return texts;
    }
}
