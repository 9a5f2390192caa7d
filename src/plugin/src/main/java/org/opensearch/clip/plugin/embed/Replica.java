package org.opensearch.clip.plugin.embed;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.core.rest.RestStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * One copy of a model on one device with its own thread: takes batches from its model's queue (query lane first),
 * runs them through the encoder and reports every item's vector. Replicas of a model share its queue, so batches
 * spread across them by whichever is free. A query worker is a second thread on a replica's loaded copy that takes
 * query batches only: a query then never waits for an ingest batch that is running.
 */
final class Replica {
    private static final Logger logger = LogManager.getLogger(Replica.class);

    private final ModelExecutor model;
    private final ClipEncoder encoder;
    private final Thread thread;
    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final boolean queryOnly;
    private volatile boolean busy;

    Replica(ModelExecutor model, ClipEncoder encoder, ThreadFactory threads, boolean queryOnly) {
        this.model = model;
        this.encoder = encoder;
        this.queryOnly = queryOnly;
        this.thread = threads.newThread(this::run);
    }

    void start() {
        thread.start();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** The device as settings name it. */
    String device() {
        return encoder.deviceName();
    }

    private void run() {
        while (true) {
            List<WorkItem> batch;
            try {
                batch = queryOnly
                    ? model.queue().takeQueryBatch(model.batchSize())
                    : model.queue().takeBatch(model.batchSize(), model.batchWaitNanos(), model::ingestComing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            busy = true;
            try {
                encode(batch);
            } finally {
                busy = false;
            }
        }
    }

    private void encode(List<WorkItem> batch) {
        long start = System.nanoTime();
        List<WorkItem> live = new ArrayList<>(batch.size());
        for (WorkItem item : batch) {
            if (item.expired(start)) {
                model.timedOut(item, start);
            } else {
                model.stats().queueWait.record(start - item.admittedNanos);
                live.add(item);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        float[][] vectors;
        try {
            vectors = DjlRuntime.withModuleClassLoader(() -> run(live));
        } catch (RuntimeException | LinkageError e) {
            logger.error(() -> "model [" + model.name() + "] failed on " + device() + " for a batch of " + live.size(), e);
            OpenSearchStatusException failure = new OpenSearchStatusException(
                "model [" + model.name() + "] failed on " + device() + ": " + e.getMessage(),
                RestStatus.INTERNAL_SERVER_ERROR
            );
            for (WorkItem item : live) {
                model.fail(item, failure, "model_error");
            }
            return;
        }
        long took = System.nanoTime() - start;
        model.stats().encode.record(took);
        model.stats().batch(live.size());
        batches.increment();
        items.add(live.size());
        for (int i = 0; i < live.size(); i++) {
            model.done(live.get(i), vectors[i]);
        }
    }

    private float[][] run(List<WorkItem> live) {
        if (live.get(0).isImage()) {
            List<float[]> pixels = new ArrayList<>(live.size());
            for (WorkItem item : live) {
                pixels.add(item.pixels);
            }
            return encoder.encodeImages(pixels, live.size());
        }
        List<String> texts = new ArrayList<>(live.size());
        for (WorkItem item : live) {
            texts.add(item.text);
        }
        return encoder.encodeTexts(texts, live.size());
    }

    /** The replica's device, batches and items for the stats API. */
    java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("device", device());
        out.put("lanes", queryOnly ? "query" : "query, ingest");
        out.put("busy", busy);
        out.put("batches", batches.sum());
        out.put("items", items.sum());
        return out;
    }
}
