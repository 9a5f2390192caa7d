package org.opensearch.clip.plugin.embed;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageHeader;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.rest.RestStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decodes and preprocesses images on a pool of CPU threads, query lane first. Before an image is decoded it takes
 * one of its model's preprocessed-image slots (so decoded images never pile up ahead of the model) and reserves the
 * heap its header says decoding takes from the node's decode budget; an image that needs more than the whole budget
 * fails alone with 400. While query embeddings are in flight the threads hold back from ingest images for a moment
 * ({@code clip.inference.decode_pause_for_queries}). An image whose bytes equal those of one already being decoded
 * or encoded in its lane (another URL, base64 against a data URI) joins that one instead of being decoded again.
 */
final class DecodeStage {
    private static final Logger logger = LogManager.getLogger(DecodeStage.class);

    private final LaneQueue<WorkItem> queue = new LaneQueue<>();
    private final Budget memory;
    private final Supplier<ImageLimits> limits;
    private final List<Thread> threads = new ArrayList<>();
    private final EmbeddingCache cache;
    private final QueryPause pause;

    DecodeStage(int threadCount, Budget memory, Supplier<ImageLimits> limits, EmbeddingCache cache, BooleanSupplier queriesInFlight,
        LongSupplier pauseNanos, ThreadFactory factory) {
        this.memory = memory;
        this.cache = cache;
        this.limits = limits;
        this.pause = new QueryPause(queriesInFlight, () -> queue.depth(Lane.QUERY), pauseNanos);
        for (int i = 0; i < threadCount; i++) {
            threads.add(factory.newThread(this::run));
        }
        threads.forEach(Thread::start);
    }

    /** Queues an image for decoding. */
    void submit(WorkItem item) {
        queue.put(item);
    }

    private void run() {
        while (true) {
            WorkItem item;
            try {
                pause.await();
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item == null) {
                return;
            }
            try {
                decode(item);
            } catch (InterruptedException e) {
                item.executor().fail(item, new OpenSearchStatusException("the node is shutting down", RestStatus.SERVICE_UNAVAILABLE),
                    "unloaded");
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                logger.error("decoding an image failed unexpectedly", e);
                item.executor().fail(item, new OpenSearchStatusException(label(item) + "cannot use the image: " + e,
                    RestStatus.INTERNAL_SERVER_ERROR), "error");
            }
        }
    }

    private void decode(WorkItem item) throws InterruptedException {
        ModelExecutor model = item.executor();
        if (item.expired(System.nanoTime())) {
            model.timedOut(item, System.nanoTime());
            return;
        }
        if (!model.slots(item.lane()).reserve(1, item.ticket.deadlineNanos())) {
            model.timedOut(item, System.nanoTime());
            return;
        }
        item.holdsSlot = true;
        long start = System.nanoTime();
        ImageLimits current = limits.get();
        try {
            byte[] encoded = item.fetched != null ? item.fetched : item.image.inlineBytes(current);
            item.contentKey = EmbeddingCache.key(model.name(), model.version(), encoded);
            if (cache.enabled()) {
                float[] cached = cache.get(item.contentKey);
                if (cached != null) {
                    model.done(item, cached);
                    return;
                }
            }
            if (model.joinSameContent(item)) {
                return; // the same bytes are being decoded or encoded for another item: its vector is this one's
            }
            ImageHeader header = ImageHeader.read(encoded);
            long need = header.decodeBytes();
            if ((long) header.width() * header.height() > current.maxPixels()) {
                // the decoder refuses it too; refuse before reserving memory for it
                throw new ImageDecodeException("image is " + header.width() + "x" + header.height() + " pixels, over the limit of "
                    + current.maxPixels() + " pixels (clip.image.max_pixels)");
            }
            if (!memory.fits(need)) {
                throw new ImageDecodeException("image is " + header.width() + "x" + header.height() + " pixels: decoding it needs "
                    + new ByteSizeValue(need) + " of heap, more than clip.inference.decode_memory [" + new ByteSizeValue(memory.capacity())
                    + "]");
            }
            if (!memory.reserve(need, item.ticket.deadlineNanos())) {
                model.timedOut(item, System.nanoTime());
                return;
            }
            try {
                item.pixels = model.preprocess(encoded, current);
            } finally {
                memory.release(need);
            }
            item.dropFetched(); // the next URL may be fetched now
        } catch (ImageDecodeException e) {
            // no cause: on_failure handlers see the root cause's message, and this one names the field
            model.fail(item, new IllegalArgumentException(label(item) + "cannot use the image: " + e.getMessage()), "bad_image");
            return;
        }
        model.stats().decode.record(System.nanoTime() - start);
        model.ready(item);
    }

    /** Names the item in failure messages: its input's label, and its place among the input's images if it has several. */
    static String label(WorkItem item) {
        EmbeddingInput input = item.ticket.request().inputs().get(item.input);
        if (input.imageCount() == 1) {
            return input.label() + ": ";
        }
        int index = 0;
        for (int p = 0; p < item.part; p++) {
            index += input.parts().get(p).isImage() ? 1 : 0;
        }
        return input.label() + " (item " + index + "): ";
    }

    /** Images waiting per lane. */
    int depth(Lane lane) {
        return queue.depth(lane);
    }

    /** Threads, queue depths and the decode memory, for the stats API. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", threads.size());
        out.put("webp_decoder", org.opensearch.clip.encoder.decode.ImageFormat.webpDecoder());
        out.put("jpeg_decoder", org.opensearch.clip.encoder.decode.ImageFormat.jpegDecoder());
        Map<String, Object> queued = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            queued.put(lane.label(), queue.depth(lane));
        }
        out.put("queue", queued);
        out.put("memory_in_flight_bytes", memory.used());
        out.put("memory_peak_bytes", memory.peak());
        out.put("memory_budget_bytes", memory.capacity());
        out.put("embedding_cache", cache.toMap());
        return out;
    }

    /** Stops the threads; images still queued fail with 503. */
    void close() {
        for (WorkItem left : queue.close()) {
            left.executor().fail(left, new OpenSearchStatusException("the node is shutting down", RestStatus.SERVICE_UNAVAILABLE), "unloaded");
        }
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
