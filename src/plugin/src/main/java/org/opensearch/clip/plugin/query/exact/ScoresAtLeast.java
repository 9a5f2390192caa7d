package org.opensearch.clip.plugin.query.exact;

import java.util.Arrays;

/** Every score at or above a threshold; documents arrive in increasing id order, so the result is already sorted. */
final class ScoresAtLeast implements ScoreSink {
    private final float minScore;
    private int[] docs = new int[64];
    private float[] scores = new float[64];
    private int size;

    ScoresAtLeast(float minScore) {
        this.minScore = minScore;
    }

    @Override
    public void offer(int doc, float score) {
        if (score < minScore) {
            return;
        }
        if (size == docs.length) {
            docs = Arrays.copyOf(docs, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
        docs[size] = doc;
        scores[size] = score;
        size++;
    }

    @Override
    public ScoredDocs result() {
        return new ScoredDocs(Arrays.copyOf(docs, size), Arrays.copyOf(scores, size));
    }
}
