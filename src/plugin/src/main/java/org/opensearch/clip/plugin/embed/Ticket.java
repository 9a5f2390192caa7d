package org.opensearch.clip.plugin.embed;

import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.core.action.ActionListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted request: collects its items' vectors and failures and, when the last item is done, answers with one
 * result per input (the normalised weighted mean of its parts, or the first failure of one of them).
 */
final class Ticket {
    private final EmbeddingRequest request;
    private final ModelExecutor executor;
    private final long deadlineNanos;
    private final float[][][] vectors;
    private final Exception[] failures;
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
    private final Executor responder;
    private final ActionListener<EmbeddingResponse> listener;

    Ticket(EmbeddingRequest request, ModelExecutor executor, long deadlineNanos, Executor responder,
        ActionListener<EmbeddingResponse> listener) {
        this.request = request;
        this.executor = executor;
        this.deadlineNanos = deadlineNanos;
        this.responder = responder;
        this.listener = listener;
        int inputs = request.inputs().size();
        this.vectors = new float[inputs][][];
        this.failures = new Exception[inputs];
        for (int i = 0; i < inputs; i++) {
            vectors[i] = new float[request.inputs().get(i).parts().size()][];
        }
    }

    Lane lane() {
        return request.lane();
    }

    ModelExecutor executor() {
        return executor;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    EmbeddingRequest request() {
        return request;
    }

    /** Fails an input before any of its items was queued (a cap, a full lane). */
    void refuse(int input, Exception failure) {
        failures[input] = failure;
    }

    /** Counts the items about to be queued; call before queueing any of them. */
    void expect(int items) {
        pending.addAndGet(items);
    }

    /** An item's vector. */
    void done(WorkItem item, float[] vector) {
        vectors[item.input][item.part] = vector;
        finishOne();
    }

    /** An item failed: its input fails with this reason (the first one wins). */
    void failed(WorkItem item, Exception failure) {
        synchronized (failures) {
            if (failures[item.input] == null) {
                failures[item.input] = failure;
            }
        }
        finishOne();
    }

    /** Answers now; for a request none of whose items was queued (every input refused, or none given). */
    void answerUnqueued() {
        answer();
    }

    private void finishOne() {
        if (pending.decrementAndGet() == 0) {
            answer();
        }
    }

    private void answer() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("an embedding request was answered twice");
        }
        List<EmbeddingResult> results = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            Exception failure;
            synchronized (failures) {
                failure = failures[i];
            }
            results.add(failure != null ? EmbeddingResult.failed(failure) : EmbeddingResult.of(mean(i)));
        }
        EmbeddingResponse response = new EmbeddingResponse(executor.name(), executor.version(), results);
        responder.execute(() -> listener.onResponse(response));
    }

    private float[] mean(int input) {
        List<EmbeddingPart> parts = request.inputs().get(input).parts();
        if (parts.size() == 1 && parts.get(0).weight() >= 0) {
            return vectors[input][0];
        }
        List<float[]> rows = new ArrayList<>(parts.size());
        List<Double> weights = new ArrayList<>(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            rows.add(vectors[input][p]);
            weights.add(parts.get(p).weight());
        }
        return Vectors.weightedMean(rows, weights);
    }
}
