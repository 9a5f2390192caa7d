package org.opensearch.clip.plugin.inference;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.AbstractRunnable;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;

import java.util.function.Function;

/**
 * Runs model work on the plugin's own thread pool, never on a transport, search or write thread: the caller hands
 * in a function of an {@link Inference} and gets the result through a listener.
 */
public final class InferenceService {
    private final ThreadPool threadPool;
    private final ModelRegistry registry;
    private volatile long maxBytes;
    private volatile int maxPixels;
    private volatile int batchSize;
    private volatile TimeValue queueTimeout;

    public InferenceService(ThreadPool threadPool, ModelRegistry registry, Settings settings, ClusterSettings clusterSettings) {
        this.threadPool = threadPool;
        this.registry = registry;
        this.maxBytes = ClipSettings.IMAGE_MAX_BYTES.get(settings).getBytes();
        this.maxPixels = ClipSettings.IMAGE_MAX_PIXELS.get(settings);
        this.batchSize = ClipSettings.BATCH_SIZE.get(settings);
        this.queueTimeout = ClipSettings.QUEUE_TIMEOUT.get(settings);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.IMAGE_MAX_BYTES, v -> maxBytes = v.getBytes());
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.IMAGE_MAX_PIXELS, v -> maxPixels = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.BATCH_SIZE, v -> batchSize = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.QUEUE_TIMEOUT, v -> queueTimeout = v);
    }

    /** The node's models. */
    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code work} with the named model (null = default) on the inference pool. Fails with 429 when the queue
     * is full and with 503 when the task waited longer than {@code clip.inference.queue_timeout}.
     */
    public <T> void run(String model, Function<Inference, T> work, ActionListener<T> listener) {
        long enqueued = System.nanoTime();
        TimeValue timeout = queueTimeout;
        threadPool.executor(ClipSettings.THREAD_POOL).execute(new AbstractRunnable() {
            @Override
            protected void doRun() {
                ActionListener.completeWith(listener, () -> {
                    long waited = System.nanoTime() - enqueued;
                    if (waited > timeout.nanos()) {
                        throw new OpenSearchStatusException(
                            "inference request waited " + TimeValue.timeValueNanos(waited)
                                + " in the queue, over clip.inference.queue_timeout [" + timeout + "]",
                            RestStatus.SERVICE_UNAVAILABLE
                        );
                    }
                    Inference inference = new Inference(registry.encoder(model), new ImageLimits(maxBytes, maxPixels), batchSize);
                    return DjlRuntime.withModuleClassLoader(() -> work.apply(inference));
                });
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(e);
            }

            @Override
            public void onRejection(Exception e) {
                listener.onFailure(
                    new OpenSearchStatusException(
                        "the clip_inference queue is full (thread_pool.clip_inference.queue_size); retry later",
                        RestStatus.TOO_MANY_REQUESTS,
                        e
                    )
                );
            }
        });
    }
}
