package org.opensearch.clip.plugin.embed;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.plugin.model.LoadedModel;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.rest.RestStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The execution side of one loaded model: its queue (query lane ahead of ingest), one {@link Replica} per device
 * copy taking batches from it (and a query worker per device), the slots that bound how many preprocessed images wait
 * for it, and its stats.
 */
final class ModelExecutor {
    private final LoadedModel model;
    private final LaneQueue<WorkItem> queue = new LaneQueue<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final List<Replica> queryWorkers = new ArrayList<>();
    private final Budget querySlots;
    private final Budget ingestSlots;
    private final ModelStats stats = new ModelStats();
    /** Ingest images admitted but not yet queued for the model (being fetched or decoded). */
    private final java.util.concurrent.atomic.AtomicInteger ingestOnTheWay = new java.util.concurrent.atomic.AtomicInteger();
    private final LaneGates gates;
    private final EmbeddingCache cache;
    private final IntSupplier batchSize;
    private final LongSupplier batchWaitNanos;
    private final Supplier<TimeValue> queueTimeout;
    /** Images being decoded or encoded, by lane and content key: later items with the same bytes join them. */
    private final Map<String, WorkItem> byContent = new java.util.HashMap<>();

    ModelExecutor(LoadedModel model, LaneGates gates, EmbeddingCache cache, IntSupplier batchSize, LongSupplier batchWaitNanos, Supplier<TimeValue> queueTimeout,
        boolean withQueryWorkers, ThreadFactory threads) {
        this.model = model;
        this.gates = gates;
        this.cache = cache;
        this.batchSize = batchSize;
        this.batchWaitNanos = batchWaitNanos;
        this.queueTimeout = queueTimeout;
        int copies = model.encoders().size();
        // preprocessed images waiting for the model: enough for every replica to have a batch running and one ready
        this.ingestSlots = new Budget(() -> 2L * batchSize.getAsInt() * copies);
        this.querySlots = new Budget(() -> (long) batchSize.getAsInt() * copies);
        java.util.Set<String> devices = new java.util.HashSet<>();
        for (ClipEncoder encoder : model.encoders()) {
            replicas.add(new Replica(this, encoder, threads, false));
            if (withQueryWorkers && devices.add(encoder.deviceName())) {
                // one per device, on the loaded copy of its first replica: no second copy of the weights
                queryWorkers.add(new Replica(this, encoder, threads, true));
            }
        }
        replicas.forEach(Replica::start);
        queryWorkers.forEach(Replica::start);
    }

    String name() {
        return model.name();
    }

    String version() {
        return model.version();
    }

    LoadedModel model() {
        return model;
    }

    LaneQueue<WorkItem> queue() {
        return queue;
    }

    ModelStats stats() {
        return stats;
    }

    int batchSize() {
        return batchSize.getAsInt();
    }

    long batchWaitNanos() {
        return batchWaitNanos.getAsLong();
    }

    /** Ingest images on their way to the queue: a replica's ingest batch waits for them to fill up. */
    boolean ingestComing() {
        return ingestOnTheWay.get() > 0;
    }

    /** An image enters the fetch or decode stage. */
    void onTheWay(WorkItem item) {
        if (item.lane() == Lane.INGEST) {
            ingestOnTheWay.incrementAndGet();
            item.onTheWay = true;
        }
    }

    /** A decoded image is ready for the model. */
    void ready(WorkItem item) {
        arrived(item);
        queue.put(item);
    }

    private void arrived(WorkItem item) {
        if (item.onTheWay) {
            item.onTheWay = false;
            ingestOnTheWay.decrementAndGet();
        }
    }

    /** The slots of preprocessed images of a lane. */
    Budget slots(Lane lane) {
        return lane == Lane.QUERY ? querySlots : ingestSlots;
    }

    /** Decodes and preprocesses an image exactly as this model's bundle says. */
    float[] preprocess(byte[] encoded, ImageLimits limits) throws ImageDecodeException {
        return model.encoders().get(0).preprocess(encoded, limits);
    }

    /**
     * Makes {@code item} a follower of the item of its lane with the same bytes that is being decoded or encoded, and
     * gives back what it held for its own decoding; false when there is none (then others may join {@code item}).
     */
    boolean joinSameContent(WorkItem item) {
        synchronized (byContent) {
            WorkItem leader = byContent.putIfAbsent(contentInLane(item), item);
            if (leader == null) {
                item.leadsContent = true;
                return false;
            }
            leader.followers.add(item);
            leader.followers.addAll(item.followers);
            item.followers.clear();
        }
        arrived(item);
        item.dropFetched();
        releaseSlot(item);
        return true;
    }

    /** The key of an item among the items others may join: the lane and the content key. */
    private static String contentInLane(WorkItem item) {
        return item.lane().label() + "\u0000" + item.contentKey;
    }

    /** The item's followers, final from now on: it leaves the items that others may join. */
    private List<WorkItem> followersOf(WorkItem item) {
        if (!item.leadsContent) {
            return item.followers;
        }
        synchronized (byContent) {
            item.leadsContent = false;
            byContent.remove(contentInLane(item), item);
            return List.copyOf(item.followers);
        }
    }

    /** An item's vector is ready (and its followers', the same image given again). */
    void done(WorkItem item, float[] vector) {
        if (item.contentKey != null) {
            cache.put(item.contentKey, vector);
        }
        List<WorkItem> followers = followersOf(item);
        release(item);
        stats.embedded(item.isImage());
        item.ticket.done(item, vector);
        for (WorkItem follower : followers) {
            gates.finished(follower.lane());
            stats.deduplicated();
            follower.ticket.done(follower, vector);
        }
    }

    /** An item failed, and its followers with it; {@code reason} is its key in the stats' failures. */
    void fail(WorkItem item, Exception failure, String reason) {
        List<WorkItem> followers = followersOf(item);
        release(item);
        stats.failed(reason);
        item.ticket.failed(item, failure);
        for (WorkItem follower : followers) {
            gates.finished(follower.lane());
            follower.ticket.failed(follower, failure);
        }
    }

    /** An item waited past {@code clip.inference.queue_timeout}: 503. */
    void timedOut(WorkItem item, long now) {
        TimeValue waited = TimeValue.timeValueNanos(now - item.admittedNanos);
        fail(item, new OpenSearchStatusException(
            "embedding waited " + waited + " in the " + item.lane().label() + " lane of model [" + name()
                + "], over clip.inference.queue_timeout [" + queueTimeout.get() + "]; retry later",
            RestStatus.SERVICE_UNAVAILABLE
        ), "timeout");
    }

    private void release(WorkItem item) {
        arrived(item);
        item.pixels = null;
        item.dropFetched();
        releaseSlot(item);
        gates.finished(item.lane());
    }

    /** Gives back the item's preprocessed-image slot, once. */
    private void releaseSlot(WorkItem item) {
        if (item.holdsSlot) {
            item.holdsSlot = false;
            slots(item.lane()).release(1);
        }
    }

    /** Stops the replicas; what was still queued fails with 503. */
    void close() {
        for (WorkItem left : queue.close()) {
            fail(left, new OpenSearchStatusException("model [" + name() + "] was unloaded", RestStatus.SERVICE_UNAVAILABLE), "unloaded");
        }
        List<Replica> threads = new ArrayList<>(replicas);
        threads.addAll(queryWorkers);
        for (Replica replica : threads) {
            try {
                replica.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The model's stats, replicas and queue depths, for the stats API. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", version());
        List<Object> copies = new ArrayList<>();
        for (Replica replica : replicas) {
            copies.add(replica.toMap());
        }
        out.put("replicas", copies);
        List<Object> workers = new ArrayList<>();
        for (Replica worker : queryWorkers) {
            workers.add(worker.toMap());
        }
        out.put("query_workers", workers);
        Map<String, Object> queued = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            queued.put(lane.label(), queue.depth(lane));
        }
        out.put("queue", queued);
        Map<String, Object> waiting = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            Budget slots = slots(lane);
            waiting.put(lane.label(), Map.of("used", slots.used(), "capacity", slots.capacity()));
        }
        out.put("preprocessed_slots", waiting);
        out.putAll(stats.toMap());
        return out;
    }
}
