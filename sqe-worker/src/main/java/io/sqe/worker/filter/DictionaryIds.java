package io.sqe.worker.filter;

/**
 * The dictionary ids of a column's rows in the run just decoded, where the decoder has them: a predicate on the
 * column can then be evaluated once per dictionary entry and the rows filtered by id. Read by the filter right after
 * each run is decoded.
 */
public interface DictionaryIds {
    /** Whether every row of the current run came from dictionary-encoded pages, so {@link #ids()} covers them. */
    boolean runHasIds();

    /** The id of each run row ({@code ids()[row]}), -1 for a null. */
    int[] ids();

    /** Changes whenever the dictionary does (a new row group). */
    int dictionaryVersion();

    int dictionarySize();

    /** The bytes of the dictionary's variable-width entries: entry {@code id} is {@code [start(id), +length(id))}. */
    byte[] entryBytes();

    int entryStart(int id);

    int entryLength(int id);
}
