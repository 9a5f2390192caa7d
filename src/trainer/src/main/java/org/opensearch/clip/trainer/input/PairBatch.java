package org.opensearch.clip.trainer.input;

import org.opensearch.clip.encoder.tokenize.TokenBatch;

/**
 * A batch ready for a training step: preprocessed pixels, token ids and, for every pair, a group number (pairs with
 * the same number are positives of each other).
 *
 * @param pixels {@code float[count, 3, size, size]}
 * @param size   the image side
 * @param tokens the prompts' token ids, one row per pair
 * @param groups the group number of every pair
 */
public record PairBatch(float[] pixels, int size, TokenBatch tokens, int[] groups) {
    /** The number of pairs. */
    public int count() {
        return groups.length;
    }
}
