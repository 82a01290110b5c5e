package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

/**
 * A string predicate evaluated once per dictionary entry when the run's rows all carry dictionary ids, then applied
 * to the rows by id (an array lookup per row instead of a byte comparison); on runs from plain pages it is the
 * plain kernel.
 */
final class DictionaryPredicate implements FilterNode {
    private final DictionaryIds dictionary;
    private final StringPredicate values;
    // passes[id + 1], so that the null id -1 reads slot 0, which stays 0.
    private byte[] passes = new byte[1];
    private int version = -1;

    DictionaryPredicate(DictionaryIds dictionary, StringPredicate values) {
        this.dictionary = requireNonNull(dictionary, "dictionary is null");
        this.values = requireNonNull(values, "values is null");
    }

    @Override
    public int filter(int offset, int[] rows, int count) {
        if (!dictionary.runHasIds()) {
            return values.filter(offset, rows, count);
        }
        if (version != dictionary.dictionaryVersion()) {
            evaluateEntries();
        }
        int[] ids = dictionary.ids();
        byte[] pass = passes;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            rows[kept] = row;
            kept += pass[ids[row] + 1];
        }
        return kept;
    }

    private void evaluateEntries() {
        int size = dictionary.dictionarySize();
        if (passes.length < size + 1) {
            passes = new byte[size + 1];
        }
        passes[0] = 0;
        byte[] bytes = dictionary.entryBytes();
        for (int id = 0; id < size; id++) {
            passes[id + 1] = values.test(bytes, dictionary.entryStart(id), dictionary.entryLength(id)) ? (byte) 1 : 0;
        }
        version = dictionary.dictionaryVersion();
    }
}
