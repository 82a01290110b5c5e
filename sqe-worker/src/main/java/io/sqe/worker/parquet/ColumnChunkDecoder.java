package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import io.sqe.worker.filter.DictionaryIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;

/**
 * Decodes one flat column chunk page by page into an Arrow vector: definition levels (RLE / bit-packed hybrid, or
 * the legacy BIT_PACKED), then PLAIN values, dictionary ids, or RLE booleans, for DataPage v1 and v2. Values are
 * decoded a run at a time into arrays and written to the vector with {@link VectorRuns}. One instance serves the
 * column across row groups; it is not thread-safe. When asked to ({@link #captureIds}), it also keeps the dictionary
 * id of each row of the last {@link #decode} call, for the residual filter ({@link DictionaryIds}).
 */
final class ColumnChunkDecoder implements DictionaryIds {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private enum ValueMode { PLAIN, DICTIONARY, RLE_BOOLEAN }

    private final ColumnDescriptor column;
    private final ValueConversion conversion;
    private final int typeLength;
    private final boolean optional;
    private final VectorRuns runs = new VectorRuns();
    private final HybridDecoder levels = new HybridDecoder();
    private final HybridDecoder ids = new HybridDecoder();
    private final PlainCursor plain = new PlainCursor();
    private final DenseValues dictionary = new DenseValues();
    private final DenseValues run = new DenseValues();
    private int[] levelBuffer = new int[0];
    private int[] idBuffer = new int[0];
    private boolean captureIds;
    private int[] rowIds = new int[0];
    private boolean runHasIds;
    private int dictionaryVersion;

    private PageReader pages;
    private int dictionarySize;
    private boolean hasDictionary;
    private int pageRemaining;
    private ValueMode mode;
    // The legacy BIT_PACKED level encoding (most significant bit first, width 1).
    private boolean bitPackedLevels;
    private byte[] bitPackedData;
    private long bitPackedPosition;

    ColumnChunkDecoder(ColumnDescriptor column, ValueConversion conversion) {
        this.column = requireNonNull(column, "column is null");
        this.conversion = requireNonNull(conversion, "conversion is null");
        this.typeLength = column.getTypeLength();
        this.optional = column.getMaxDefinitionLevel() > 0;
        if (column.getMaxRepetitionLevel() != 0 || column.getMaxDefinitionLevel() > 1) {
            throw new IllegalArgumentException("Column " + column + " is not a flat top-level column");
        }
    }

    /** Starts on the chunk of a new row group, decoding its dictionary page if it has one. */
    void startRowGroup(PageReader pageReader) {
        this.pages = requireNonNull(pageReader, "pageReader is null");
        this.pageRemaining = 0;
        this.hasDictionary = false;
        DictionaryPage page = pageReader.readDictionaryPage();
        if (page != null) {
            if (page.getEncoding() != Encoding.PLAIN && page.getEncoding() != Encoding.PLAIN_DICTIONARY) {
                throw new CorruptPageException("dictionary page encoding " + page.getEncoding() + " is not supported");
            }
            dictionarySize = page.getDictionarySize();
            ByteBuffer bytes = toBuffer(page.getBytes());
            PlainCursor cursor = new PlainCursor();
            cursor.reset(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.arrayOffset() + bytes.limit());
            if (conversion.isVariableWidth()) {
                dictionary.ensureEntries(dictionarySize);
            }
            conversion.decodePlain(cursor, dictionarySize, typeLength, dictionary);
            hasDictionary = true;
            dictionaryVersion++;
        }
    }

    /** Decodes the next {@code count} rows of the chunk into {@code vector} at rows {@code [offset, offset+count)}. */
    void decode(FieldVector vector, int offset, int count) {
        if (captureIds) {
            if (rowIds.length < count) {
                rowIds = new int[Math.max(count, rowIds.length * 2)];
            }
            runHasIds = true;
        }
        int done = 0;
        while (done < count) {
            if (pageRemaining == 0) {
                nextPage();
            }
            int n = Math.min(count - done, pageRemaining);
            decodeRun(vector, offset + done, n, done);
            done += n;
            pageRemaining -= n;
        }
    }

    /** Decodes {@code count} rows to vector rows from {@code offset}; they are rows from {@code row} of the call. */
    private void decodeRun(FieldVector vector, int offset, int count, int row) {
        if (levelBuffer.length < count) {
            levelBuffer = new int[Math.max(count, levelBuffer.length * 2)];
            idBuffer = new int[levelBuffer.length];
        }
        int defined = optional ? readLevels(count) : count;
        switch (mode) {
            case PLAIN:
                conversion.decodePlain(plain, defined, typeLength, run);
                break;
            case DICTIONARY:
                ids.read(idBuffer, defined);
                gather(defined);
                if (captureIds) {
                    keepIds(row, count, defined);
                }
                break;
            case RLE_BOOLEAN:
                ids.read(idBuffer, defined);
                byte[] target = run.ownFixed(defined);
                for (int i = 0; i < defined; i++) {
                    target[i] = (byte) idBuffer[i];
                }
                break;
        }
        if (mode != ValueMode.DICTIONARY) {
            runHasIds = false;
        }
        runs.write(vector, conversion, offset, count, defined == count ? null : levelBuffer, run);
    }

    /** Records the (checked) ids of the run's rows, -1 for the null ones. */
    private void keepIds(int row, int count, int defined) {
        if (defined == count) {
            System.arraycopy(idBuffer, 0, rowIds, row, count);
            return;
        }
        int next = 0;
        for (int i = 0; i < count; i++) {
            rowIds[row + i] = levelBuffer[i] != 0 ? idBuffer[next++] : -1;
        }
    }

    /** Keep the dictionary id of each decoded row from now on (for the residual filter). */
    void captureIds() {
        captureIds = true;
    }

    @Override
    public boolean runHasIds() {
        return captureIds && runHasIds;
    }

    @Override
    public int[] ids() {
        return rowIds;
    }

    @Override
    public int dictionaryVersion() {
        return dictionaryVersion;
    }

    @Override
    public int dictionarySize() {
        return dictionarySize;
    }

    @Override
    public byte[] entryBytes() {
        return dictionary.source;
    }

    @Override
    public int entryStart(int id) {
        return dictionary.starts[id];
    }

    @Override
    public int entryLength(int id) {
        return dictionary.lengths[id];
    }

    /** Reads {@code count} definition levels into the level buffer and returns how many are non-null. */
    private int readLevels(int count) {
        if (!bitPackedLevels) {
            return levels.readAndCount(levelBuffer, count, 1);
        }
        int defined = 0;
        for (int i = 0; i < count; i++, bitPackedPosition++) {
            int level = (bitPackedData[(int) (bitPackedPosition >>> 3)] >>> (7 - (bitPackedPosition & 7))) & 1;
            levelBuffer[i] = level;
            defined += level;
        }
        return defined;
    }

    private void gather(int count) {
        int[] indexes = idBuffer;
        for (int i = 0; i < count; i++) {
            if (indexes[i] < 0 || indexes[i] >= dictionarySize) {
                throw new CorruptPageException("dictionary id " + indexes[i] + " is outside the dictionary of "
                        + dictionarySize + " values");
            }
        }
        if (conversion.isVariableWidth()) {
            run.ensureEntries(count);
            run.source = dictionary.source;
            for (int i = 0; i < count; i++) {
                run.starts[i] = dictionary.starts[indexes[i]];
                run.lengths[i] = dictionary.lengths[indexes[i]];
            }
            return;
        }
        int width = conversion.width();
        byte[] target = run.ownFixed(count * width);
        byte[] source = dictionary.fixedArray;
        int base = dictionary.fixedOffset;
        if (width == 8) {
            for (int i = 0; i < count; i++) {
                LONGS.set(target, i * 8, (long) LONGS.get(source, base + indexes[i] * 8));
            }
        } else if (width == 4) {
            for (int i = 0; i < count; i++) {
                INTS.set(target, i * 4, (int) INTS.get(source, base + indexes[i] * 4));
            }
        } else if (width == 16) {
            // Decimals: two longs beat a System.arraycopy call per value.
            for (int i = 0; i < count; i++) {
                int from = base + indexes[i] * 16;
                LONGS.set(target, i * 16, (long) LONGS.get(source, from));
                LONGS.set(target, i * 16 + 8, (long) LONGS.get(source, from + 8));
            }
        } else {
            for (int i = 0; i < count; i++) {
                System.arraycopy(source, base + indexes[i] * width, target, i * width, width);
            }
        }
    }

    private void nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new CorruptPageException("column " + String.join(".", column.getPath())
                    + " ends before the row group's last row");
        }
        pageRemaining = page.getValueCount();
        if (page instanceof DataPageV1) {
            startPage((DataPageV1) page);
        } else {
            startPage((DataPageV2) page);
        }
    }

    private void startPage(DataPageV1 page) {
        ByteBuffer bytes = toBuffer(page.getBytes());
        byte[] data = bytes.array();
        int position = bytes.arrayOffset() + bytes.position();
        int limit = bytes.arrayOffset() + bytes.limit();
        bitPackedLevels = false;
        if (optional) {
            if (page.getDlEncoding() == Encoding.RLE) {
                int length = (int) INTS.get(data, position);
                position += 4;
                levels.reset(data, position, length, 1);
                position += length;
            } else if (page.getDlEncoding() == Encoding.BIT_PACKED) {
                bitPackedLevels = true;
                bitPackedData = data;
                bitPackedPosition = (long) position * 8;
                position += (pageRemaining + 7) / 8;
            } else {
                throw new CorruptPageException("definition level encoding " + page.getDlEncoding()
                        + " is not supported");
            }
        }
        startValues(page.getValueEncoding(), data, position, limit);
    }

    private void startPage(DataPageV2 page) {
        bitPackedLevels = false;
        if (optional) {
            ByteBuffer levelBytes = toBuffer(page.getDefinitionLevels());
            levels.reset(levelBytes.array(), levelBytes.arrayOffset() + levelBytes.position(),
                    levelBytes.remaining(), 1);
        }
        ByteBuffer bytes = toBuffer(page.getData());
        startValues(page.getDataEncoding(), bytes.array(), bytes.arrayOffset() + bytes.position(),
                bytes.arrayOffset() + bytes.limit());
    }

    private void startValues(Encoding encoding, byte[] data, int position, int limit) {
        switch (encoding) {
            case PLAIN:
                plain.reset(data, position, limit);
                mode = ValueMode.PLAIN;
                return;
            case PLAIN_DICTIONARY:
            case RLE_DICTIONARY:
                if (!hasDictionary) {
                    throw new CorruptPageException("a dictionary-encoded page has no dictionary page");
                }
                if (position >= limit) {
                    // Every value of the page is null: no bit width follows.
                    ids.reset(data, position, 0, 0);
                } else {
                    ids.reset(data, position + 1, limit - position - 1, data[position] & 0xFF);
                }
                mode = ValueMode.DICTIONARY;
                return;
            case RLE:
                if (conversion != ValueConversion.BOOLEAN) {
                    throw new CorruptPageException("RLE-encoded values of a non-boolean column");
                }
                int length = (int) INTS.get(data, position);
                ids.reset(data, position + 4, length, 1);
                mode = ValueMode.RLE_BOOLEAN;
                return;
            default:
                // ParquetBatchReader checks the chunk's encodings first; a page that lies about them lands here.
                throw new CorruptPageException("value encoding " + encoding + " is not supported");
        }
    }

    /** The bytes of a page as a heap buffer, copying only if parquet-java handed out direct memory. */
    private static ByteBuffer toBuffer(BytesInput input) {
        try {
            ByteBuffer buffer = input.toByteBuffer();
            if (buffer.hasArray()) {
                return buffer;
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return ByteBuffer.wrap(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
