package io.sqe.coordinator.exec;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** LIKE, SUBSTRING, EXTRACT and date arithmetic over whole columns. */
final class StringKernels {
    private StringKernels() {}

    /**
     * A LIKE pattern compiled once: a pattern of literal parts between {@code %} is matched on the bytes with
     * {@code indexOf}-style scans; one with {@code _} goes through a regular expression on the decoded string.
     */
    static final class LikePattern {
        private final List<byte[]> parts;
        private final Pattern regex;

        LikePattern(String pattern, Character escape) {
            List<String> literalParts = new ArrayList<>();
            StringBuilder regexText = new StringBuilder();
            StringBuilder current = new StringBuilder();
            boolean hasSingle = false;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (escape != null && c == escape && i + 1 < pattern.length()) {
                    char next = pattern.charAt(++i);
                    current.append(next);
                    regexText.append(Pattern.quote(String.valueOf(next)));
                } else if (c == '%') {
                    literalParts.add(current.toString());
                    current.setLength(0);
                    regexText.append("(?s:.*)");
                } else if (c == '_') {
                    hasSingle = true;
                    current.append(c);
                    regexText.append("(?s:.)");
                } else {
                    current.append(c);
                    regexText.append(Pattern.quote(String.valueOf(c)));
                }
            }
            literalParts.add(current.toString());
            this.regex = hasSingle ? Pattern.compile(regexText.toString()) : null;
            this.parts = new ArrayList<>();
            for (String part : literalParts) {
                parts.add(part.getBytes(StandardCharsets.UTF_8));
            }
        }

        boolean matches(byte[] bytes, int start, int end) {
            if (regex != null) {
                return regex.matcher(new String(bytes, start, end - start, StandardCharsets.UTF_8)).matches();
            }
            int last = parts.size() - 1;
            byte[] first = parts.get(0);
            if (last == 0) {
                return end - start == first.length && regionEquals(bytes, start, first);
            }
            if (end - start < first.length || !regionEquals(bytes, start, first)) {
                return false;
            }
            int position = start + first.length;
            byte[] tail = parts.get(last);
            int tailStart = end - tail.length;
            if (tailStart < position || !regionEquals(bytes, tailStart, tail)) {
                return false;
            }
            for (int i = 1; i < last; i++) {
                byte[] part = parts.get(i);
                int found = indexOf(bytes, position, tailStart, part);
                if (found < 0) {
                    return false;
                }
                position = found + part.length;
            }
            return true;
        }

        private static boolean regionEquals(byte[] bytes, int start, byte[] part) {
            return java.util.Arrays.equals(bytes, start, start + part.length, part, 0, part.length);
        }

        private static int indexOf(byte[] bytes, int from, int to, byte[] part) {
            if (part.length == 0) {
                return from;
            }
            byte first = part[0];
            for (int i = from; i <= to - part.length; i++) {
                if (bytes[i] == first && regionEquals(bytes, i, part)) {
                    return i;
                }
            }
            return -1;
        }
    }

    static Column like(Column values, LikePattern pattern, boolean negated) {
        long[] result = new long[values.size];
        for (int i = 0; i < values.size; i++) {
            if (!values.isNull(i)) {
                boolean matches = pattern.matches(values.bytes, values.offsets[i], values.offsets[i + 1]);
                result[i] = matches != negated ? 1 : 0;
            }
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, values.nulls, values.size);
    }

    /** SUBSTRING(s FROM start [FOR length]), counting characters from 1 as SQL does. */
    static Column substring(Column values, Column starts, Column lengths) {
        int size = values.size;
        boolean[] nulls = Logic.unionNulls(values, starts);
        if (lengths != null && lengths.nulls != null) {
            boolean[] withLengths = new boolean[size];
            for (int i = 0; i < size; i++) {
                withLengths[i] = nulls != null && nulls[i] || lengths.nulls[i];
            }
            nulls = withLengths;
        }
        int[] offsets = new int[size + 1];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < size; i++) {
            if (nulls == null || !nulls[i]) {
                String text = new String(values.bytes, values.offsets[i], values.stringLength(i), StandardCharsets.UTF_8);
                long start = starts.longs[i];
                long length = lengths == null ? Long.MAX_VALUE : lengths.longs[i];
                if (length < 0) {
                    throw new io.sqe.core.error.SqeException(io.sqe.core.error.ErrorCode.INVALID_FUNCTION_ARGUMENT,
                            "SUBSTRING length must not be negative");
                }
                int codePoints = text.codePointCount(0, text.length());
                long from = Math.max(start, 1);
                long to = length == Long.MAX_VALUE ? codePoints + 1L : Math.min(codePoints + 1L, start + length);
                if (to > from) {
                    int begin = text.offsetByCodePoints(0, (int) (from - 1));
                    int finish = text.offsetByCodePoints(0, (int) (to - 1));
                    byte[] piece = text.substring(begin, finish).getBytes(StandardCharsets.UTF_8);
                    out.write(piece, 0, piece.length);
                }
            }
            offsets[i + 1] = out.size();
        }
        return Column.ofStrings(out.toByteArray(), offsets, nulls, size);
    }

    /** EXTRACT(YEAR | MONTH | DAY FROM date). */
    static Column extract(String unit, Column days) {
        int size = days.size;
        long[] result = new long[size];
        for (int i = 0; i < size; i++) {
            if (days.isNull(i)) {
                continue;
            }
            LocalDate date = LocalDate.ofEpochDay(days.longs[i]);
            switch (unit) {
                case "YEAR":
                    result[i] = date.getYear();
                    break;
                case "MONTH":
                    result[i] = date.getMonthValue();
                    break;
                case "DAY":
                    result[i] = date.getDayOfMonth();
                    break;
                default:
                    throw new Unsupported("EXTRACT " + unit);
            }
        }
        return Column.ofLongs(ValueKind.LONG, result, days.nulls, size);
    }

    static Column addDays(Column days, long shift) {
        long[] result = new long[days.size];
        for (int i = 0; i < result.length; i++) {
            result[i] = days.longs[i] + shift;
        }
        return Column.ofLongs(ValueKind.DATE, result, days.nulls, days.size);
    }

    /** Adds months as SQL does: the day of the month is kept, or is the month's last day when it has fewer. */
    static Column addMonths(Column days, long months) {
        long[] result = new long[days.size];
        for (int i = 0; i < result.length; i++) {
            if (!days.isNull(i)) {
                result[i] = LocalDate.ofEpochDay(days.longs[i]).plusMonths(months).toEpochDay();
            }
        }
        return Column.ofLongs(ValueKind.DATE, result, days.nulls, days.size);
    }
}
