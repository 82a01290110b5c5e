package io.sqe.coordinator.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /** A test of the UTF-8 bytes {@code [from, to)} of a string. */
    private interface BytesPredicate {
        boolean test(byte[] bytes, int from, int to);
    }

    /** A set of strings, as UTF-8 bytes, for an IN list: a few are compared one by one, lengths first. */
    static final class StringSet {
        private static final int HASHED_ABOVE = 16;
        /** The members compared one by one, or null when they are hashed. */
        private final byte[][] constants;
        private final Set<ByteBuffer> hashed;

        StringSet(List<byte[]> constants) {
            if (constants.size() > HASHED_ABOVE) {
                this.constants = null;
                hashed = new HashSet<>();
                constants.forEach(constant -> hashed.add(ByteBuffer.wrap(constant)));
            } else {
                this.constants = constants.toArray(new byte[0][]);
                hashed = null;
            }
        }

        boolean contains(byte[] bytes, int from, int to) {
            if (hashed != null) {
                return hashed.contains(ByteBuffer.wrap(bytes, from, to - from));
            }
            int length = to - from;
            for (byte[] constant : constants) {
                if (constant.length == length && Arrays.equals(bytes, from, to, constant, 0, length)) {
                    return true;
                }
            }
            return false;
        }
    }

    static Column like(Column values, LikePattern pattern, boolean negated) {
        return matching(values, pattern::matches, negated);
    }

    /** {@code values [NOT] IN (set)}; a null value gives null. */
    static Column in(Column values, StringSet set, boolean negated) {
        return matching(values, set::contains, negated);
    }

    private static Column matching(Column values, BytesPredicate predicate, boolean negated) {
        long[] result = new long[values.size];
        for (int i = 0; i < values.size; i++) {
            if (!values.isNull(i)) {
                result[i] = predicate.test(values.bytes, values.offsets[i], values.offsets[i + 1]) != negated ? 1 : 0;
            }
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, values.nulls, values.size);
    }

    /**
     * SUBSTRING(s FROM start [FOR length]), counting characters from 1 as SQL does. An ASCII string's characters are
     * its bytes, so its piece is copied by byte offsets; other strings are decoded to count their code points.
     */
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
        byte[] out = new byte[size == 0 ? 0 : values.offsets[size] - values.offsets[0]];
        int written = 0;
        for (int i = 0; i < size; i++) {
            if (nulls == null || !nulls[i]) {
                int begin = values.offsets[i];
                int end = values.offsets[i + 1];
                long start = starts.longs[i];
                long length = lengths == null ? Long.MAX_VALUE : lengths.longs[i];
                if (length < 0) {
                    throw new io.sqe.core.error.SqeException(io.sqe.core.error.ErrorCode.INVALID_FUNCTION_ARGUMENT,
                            "SUBSTRING length must not be negative");
                }
                byte[] piece = null;
                int pieceStart = 0;
                int pieceLength;
                if (isAscii(values.bytes, begin, end)) {
                    long range = characterRange(end - begin, start, length);
                    pieceStart = begin + (int) (range >>> 32);
                    pieceLength = (int) range - (int) (range >>> 32);
                    piece = values.bytes;
                } else {
                    String text = new String(values.bytes, begin, end - begin, StandardCharsets.UTF_8);
                    long range = characterRange(text.codePointCount(0, text.length()), start, length);
                    int from = text.offsetByCodePoints(0, (int) (range >>> 32));
                    int to = text.offsetByCodePoints(from, (int) range - (int) (range >>> 32));
                    piece = text.substring(from, to).getBytes(StandardCharsets.UTF_8);
                    pieceLength = piece.length;
                }
                if (written + pieceLength > out.length) {
                    // decoding replaced malformed bytes, which can make the piece longer than its source
                    out = Arrays.copyOf(out, Math.max(2 * out.length, written + pieceLength));
                }
                System.arraycopy(piece, pieceStart, out, written, pieceLength);
                written += pieceLength;
            }
            offsets[i + 1] = written;
        }
        return Column.ofStrings(written == out.length ? out : Arrays.copyOf(out, written), offsets, nulls, size);
    }

    /**
     * The characters {@code [from, to)}, counted from 0, that SUBSTRING takes of a string of {@code count}
     * characters: {@code from} in the high 32 bits, {@code to} in the low ones.
     */
    private static long characterRange(int count, long start, long length) {
        long from = Math.max(start, 1);
        long to = length == Long.MAX_VALUE ? count + 1L : Math.min(count + 1L, start + length);
        return to > from ? (from - 1) << 32 | (to - 1) : 0;
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
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
