package org.opensearch.clip.plugin.embed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts durations in logarithmic buckets (four per power of two, from 1 µs to about an hour), so percentiles can be
 * read at any time with at most 19% error and without keeping samples. Lock-free.
 */
final class LatencyHistogram {
    private static final int BUCKETS_PER_DOUBLING = 4;
    private static final int BUCKETS = 32 * BUCKETS_PER_DOUBLING;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    /** Counts one duration. */
    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
        total.increment();
        sumNanos.add(Math.max(0, nanos));
    }

    static int bucket(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        int index = (int) Math.ceil(BUCKETS_PER_DOUBLING * Math.log(micros) / Math.log(2) - 1e-9);
        return Math.min(BUCKETS - 1, Math.max(0, index));
    }

    /** The upper bound of a bucket, in milliseconds. */
    static double upperMillis(int bucket) {
        return Math.pow(2, (double) bucket / BUCKETS_PER_DOUBLING) / 1000.0;
    }

    /** The duration below which a fraction {@code q} of the counted ones lie (bucket upper bound), in ms; 0 when empty. */
    double percentileMillis(double q) {
        long n = total.sum();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                return upperMillis(b);
            }
        }
        return upperMillis(BUCKETS - 1);
    }

    /** How many durations were counted. */
    long count() {
        return total.sum();
    }

    /** {@code count}, {@code mean_ms}, {@code p50_ms}, {@code p99_ms}, for the stats API. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        long n = count();
        out.put("count", n);
        out.put("mean_ms", n == 0 ? 0.0 : round(sumNanos.sum() / 1e6 / n));
        out.put("p50_ms", round(percentileMillis(0.50)));
        out.put("p99_ms", round(percentileMillis(0.99)));
        return out;
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
