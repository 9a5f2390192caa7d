package org.opensearch.clip.plugin.query.exact;

/**
 * The k best scores seen, in a min-heap whose root is the weakest kept. Documents arrive in increasing id order, so
 * among equal scores the earlier document stays, as in Lucene's own top-k collection.
 */
final class BestScores implements ScoreSink {
    private final int[] docs;
    private final float[] scores;
    private int size;

    BestScores(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.docs = new int[k];
        this.scores = new float[k];
    }

    @Override
    public void offer(int doc, float score) {
        if (size < docs.length) {
            docs[size] = doc;
            scores[size] = score;
            siftUp(size++);
        } else if (score > scores[0]) {
            docs[0] = doc;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** Whether heap entry a is weaker than b: a lower score, or an equal score of a later document. */
    private boolean weaker(int a, int b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && docs[a] > docs[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!weaker(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && weaker(left + 1, left) ? left + 1 : left;
            if (!weaker(child, i)) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private void swap(int a, int b) {
        int d = docs[a];
        docs[a] = docs[b];
        docs[b] = d;
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
    }

    @Override
    public ScoredDocs result() {
        int[] keptDocs = new int[size];
        float[] keptScores = new float[size];
        System.arraycopy(docs, 0, keptDocs, 0, size);
        System.arraycopy(scores, 0, keptScores, 0, size);
        return ScoredDocs.sortedByDoc(keptDocs, keptScores);
    }
}
