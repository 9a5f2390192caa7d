package org.opensearch.clip.plugin.embed;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Percentiles read from logarithmic buckets: never below the true value, at most 19% above it. */
class LatencyHistogramTest {

    @Test
    void percentilesAreWithinOneBucketOfTheTrueValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms * 1_000_000L);
        }
        double p50 = histogram.percentileMillis(0.5);
        double p99 = histogram.percentileMillis(0.99);
        assertTrue(p50 >= 50 && p50 <= 50 * 1.19, "p50 " + p50);
        assertTrue(p99 >= 99 && p99 <= 99 * 1.19, "p99 " + p99);
        assertEquals(100, histogram.count());
    }

    @Test
    void anEmptyHistogramReportsZeros() {
        Map<String, Object> empty = new LatencyHistogram().toMap();
        assertEquals(0L, empty.get("count"));
        assertEquals(0.0, empty.get("p99_ms"));
    }
}
