package org.opensearch.clip.plugin.embed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** What one model's embedding work did on this node since it was loaded: counts, failures, batches and latencies. */
final class ModelStats {
    /** Batch-size histogram buckets: sizes up to 1, 2-3, 4-7, ... 1024 and more. */
    private static final int SIZE_BUCKETS = 11;

    private final LongAdder documents = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder images = new LongAdder();
    private final LongAdder texts = new LongAdder();
    private final LongAdder deduplicated = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLongArray batchSizes = new AtomicLongArray(SIZE_BUCKETS);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<Lane, LongAdder> rejections = new ConcurrentHashMap<>();
    final LatencyHistogram fetch = new LatencyHistogram();
    final LatencyHistogram decode = new LatencyHistogram();
    final LatencyHistogram queueWait = new LatencyHistogram();
    final LatencyHistogram encode = new LatencyHistogram();

    /** A request's groups were admitted: documents for ingest, queries for the query lane. */
    void admitted(Lane lane, int groups) {
        (lane == Lane.QUERY ? queries : documents).add(groups);
    }

    /** One image or text was embedded. */
    void embedded(boolean image) {
        (image ? images : texts).increment();
    }

    /** An image given again in the same request got the vector of its first occurrence, without a second encode. */
    void deduplicated() {
        deduplicated.increment();
    }

    /** One item failed for a reason (a short key such as {@code bad_image}). */
    void failed(String reason) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Items were refused by a full lane or a cap (429). */
    void rejected(Lane lane, int items) {
        rejections.computeIfAbsent(lane, l -> new LongAdder()).add(items);
    }

    /** One batch of {@code size} items went through a model replica. */
    void batch(int size) {
        batches.increment();
        int bucket = 31 - Integer.numberOfLeadingZeros(Math.max(1, size));
        batchSizes.incrementAndGet(Math.min(SIZE_BUCKETS - 1, bucket));
    }

    /** How many items were embedded, images and texts. */
    long embeddedCount() {
        return images.sum() + texts.sum();
    }

    /** How many images were embedded. */
    long imageCount() {
        return images.sum();
    }

    /** The stats as the stats API shows them. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", documents.sum());
        out.put("queries", queries.sum());
        out.put("images", images.sum());
        out.put("texts", texts.sum());
        out.put("deduplicated", deduplicated.sum());
        Map<String, Object> failed = new TreeMap<>();
        failures.forEach((reason, count) -> failed.put(reason, count.sum()));
        out.put("failures", failed);
        Map<String, Object> rejected = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            LongAdder count = rejections.get(lane);
            rejected.put(lane.label(), count == null ? 0L : count.sum());
        }
        out.put("rejected", rejected);
        out.put("batches", batches.sum());
        Map<String, Object> sizes = new LinkedHashMap<>();
        for (int b = 0; b < SIZE_BUCKETS; b++) {
            long count = batchSizes.get(b);
            if (count > 0) {
                int from = 1 << b;
                int to = (1 << (b + 1)) - 1;
                sizes.put(b == SIZE_BUCKETS - 1 ? from + "+" : from == to ? Integer.toString(from) : from + "-" + to, count);
            }
        }
        out.put("batch_sizes", sizes);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("fetch", fetch.toMap());
        latency.put("decode", decode.toMap());
        latency.put("queue_wait", queueWait.toMap());
        latency.put("encode", encode.toMap());
        out.put("latency", latency);
        return out;
    }
}
