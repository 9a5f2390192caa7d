package org.opensearch.clip.plugin.query.exact;

/** Where exact scores go while a shard is scanned: documents come in increasing order of their shard-wide id. */
interface ScoreSink {
    /** Keeps the k best scores. */
    static ScoreSink best(int k) {
        return new BestScores(k);
    }

    /** Keeps every score of at least {@code minScore} (radial search). */
    static ScoreSink atLeast(float minScore) {
        return new ScoresAtLeast(minScore);
    }

    /** Offers one document's score. */
    void offer(int doc, float score);

    /** What was kept, ordered by document id. */
    ScoredDocs result();
}
