package org.opensearch.clip.plugin.bench;

import java.util.Arrays;

/**
 * What one search configuration did over the query set.
 *
 * @param config       the configuration
 * @param recall       mean recall@10 against exact search
 * @param latenciesMs  every query's round trip, sorted
 * @param scoredShare  the mean share of the index's documents whose vector was scored
 * @param estimated    whether the share is estimated (HNSW, from an in-process replica) rather than reported by the node
 */
record Measurement(SearchConfig config, double recall, double[] latenciesMs, double scoredShare, boolean estimated) {
    Measurement {
        latenciesMs = latenciesMs.clone();
        Arrays.sort(latenciesMs);
    }

    /** The same measurement with an estimated share of documents scored. */
    Measurement withScoredShare(double estimate) {
        return new Measurement(config, recall, latenciesMs, estimate, true);
    }

    double p50() {
        return percentile(0.50);
    }

    double p99() {
        return percentile(0.99);
    }

    private double percentile(double p) {
        int at = (int) Math.ceil(p * latenciesMs.length) - 1;
        return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, at))];
    }
}
