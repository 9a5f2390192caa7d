package org.opensearch.clip.trainer.input;

import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.data.RowProblem;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares batches on worker threads ahead of the training loop: images are read, decoded and preprocessed and
 * prompts tokenised while the model works on earlier batches. Batches come out in plan order whatever the worker
 * timing, so runs stay deterministic. An image that cannot be decoded is reported once and its pair left out.
 * The time the consumer blocks waiting for a batch is measured: it is the time the model waits on data.
 */
public final class BatchLoader implements AutoCloseable {
    private final ImageLoader images;
    private final ClipTokenizer tokenizer;
    private final ProblemLog problems;
    private final ExecutorService workers;
    private final int depth;
    private final ArrayDeque<Future<PairBatch>> inFlight = new ArrayDeque<>();
    private Iterator<List<PlannedPair>> pending = List.<List<PlannedPair>>of().iterator();
    private long waitNanos;
    private final java.util.concurrent.atomic.AtomicLong prepareNanos = new java.util.concurrent.atomic.AtomicLong();

    /** A loader with {@code workerCount} threads and up to {@code 2 * workerCount + 1} batches prepared ahead. */
    public BatchLoader(ImageLoader images, ClipTokenizer tokenizer, int workerCount, ProblemLog problems) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("need at least one data worker, got " + workerCount);
        }
        this.images = images;
        this.tokenizer = tokenizer;
        this.problems = problems;
        this.depth = 2 * workerCount + 1;
        AtomicInteger ids = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "clip-data-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts preparing {@code batches}; batches of an earlier plan not taken yet are dropped. */
    public void begin(List<List<PlannedPair>> batches) {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        pending = batches.iterator();
        topUp();
    }

    /** Whether the current plan has batches left. */
    public boolean hasNext() {
        return !inFlight.isEmpty();
    }

    /** The next batch in plan order, waiting for it if the workers are behind. */
    public PairBatch next() {
        Future<PairBatch> head = inFlight.removeFirst();
        topUp();
        long start = System.nanoTime();
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
        } finally {
            waitNanos += System.nanoTime() - start;
        }
    }

    /** Total time {@link #next()} has spent waiting for workers. */
    public long waitNanos() {
        return waitNanos;
    }

    /** Total worker time spent preparing batches (reading, decoding, preprocessing, tokenising). */
    public long prepareNanos() {
        return prepareNanos.get();
    }

    private void topUp() {
        while (inFlight.size() < depth && pending.hasNext()) {
            List<PlannedPair> pairs = pending.next();
            inFlight.addLast(workers.submit(() -> prepare(pairs)));
        }
    }

    private PairBatch prepare(List<PlannedPair> pairs) {
        long start = System.nanoTime();
        try {
            return assemble(pairs);
        } finally {
            prepareNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private PairBatch assemble(List<PlannedPair> pairs) {
        int perImage = images.config().outputLength();
        float[] pixels = new float[pairs.size() * perImage];
        List<String> prompts = new ArrayList<>(pairs.size());
        List<String> groups = new ArrayList<>(pairs.size());
        for (PlannedPair pair : pairs) {
            try {
                images.load(pair.example().image(), pixels, prompts.size() * perImage);
                pair.augmentation().apply(pixels, prompts.size() * perImage, images.config().size());
                prompts.add(pair.prompt());
                groups.add(pair.example().group());
            } catch (IOException | ImageDecodeException e) {
                problems.add(new RowProblem(pair.example().image().toString(), "image", "cannot be decoded: " + e.getMessage()));
            }
        }
        if (prompts.size() < pairs.size()) {
            pixels = java.util.Arrays.copyOf(pixels, prompts.size() * perImage);
        }
        TokenBatch tokens = tokenizer.tokenize(prompts);
        return new PairBatch(pixels, images.config().size(), tokens, groupNumbers(groups));
    }

    private static int[] groupNumbers(List<String> groups) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] out = new int[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.computeIfAbsent(groups.get(i), k -> numbers.size());
        }
        return out;
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        workers.shutdownNow();
    }
}
