package org.opensearch.clip.plugin.query.exact;

import java.util.Arrays;

/**
 * Documents (shard-wide ids, ascending) with their scores.
 *
 * @param docs   ascending document ids
 * @param scores the score of each document
 */
record ScoredDocs(int[] docs, float[] scores) {
    /** Sorts parallel arrays by document id. */
    static ScoredDocs sortedByDoc(int[] docs, float[] scores) {
        Integer[] order = new Integer[docs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
        int[] sortedDocs = new int[docs.length];
        float[] sortedScores = new float[docs.length];
        for (int i = 0; i < order.length; i++) {
            sortedDocs[i] = docs[order[i]];
            sortedScores[i] = scores[order[i]];
        }
        return new ScoredDocs(sortedDocs, sortedScores);
    }

    /** The number of documents. */
    int size() {
        return docs.length;
    }
}
