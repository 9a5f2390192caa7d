package org.opensearch.clip.encoder.tokenize;

/** Token ids (and attention mask) of a batch of texts, row-major {@code [count, length]}, padded to the context length. */
public record TokenBatch(long[] ids, long[] mask, int count, int length) {
    /** The ids of one text. */
    public long[] row(int index) {
        long[] row = new long[length];
        System.arraycopy(ids, index * length, row, 0, length);
        return row;
    }
}
