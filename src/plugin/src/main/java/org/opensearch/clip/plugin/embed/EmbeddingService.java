package org.opensearch.clip.plugin.embed;

import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.plugin.model.LoadedModel;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.outbound.ImageFetcher;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The one way to the encoders: turns typed requests (texts, images from any source, weights) into one vector or one
 * failure per input. Images are decoded and preprocessed on a pool of CPU threads; texts and preprocessed images
 * wait in their model's queue, where batches form across concurrent requests, queries ahead of ingest; each model
 * replica runs one batch at a time on its device. Memory is bounded by what the stages produce: admission caps the
 * items per lane, document and request, the decode budget caps the heap of images being decoded, and slots cap the
 * preprocessed images waiting for a model.
 */
public final class EmbeddingService implements Closeable {
    private final ModelRegistry registry;
    private final Executor responder;
    private final ThreadFactory encodeThreads;
    private final LaneGates gates;
    private final DecodeStage decode;
    private final FetchStage fetch;
    private final ThreadContext threadContext;
    private final Map<LoadedModel, ModelExecutor> executors = new ConcurrentHashMap<>();
    private volatile long maxBytes;
    private volatile int maxPixels;
    private volatile int batchSize;
    private volatile TimeValue batchWait;
    private volatile TimeValue decodePause;
    private final boolean queryWorkers;
    private volatile TimeValue queueTimeout;
    private volatile int queryQueueSize;
    private volatile int ingestQueueSize;
    private volatile int maxImagesPerDocument;
    private volatile int maxImagesPerRequest;
    private volatile int embeddingCacheSize;
    private final EmbeddingCache cache;

    /**
     * Starts the decode threads ({@code decodeThreads}) with a budget of {@code decodeMemory} bytes; image URLs are fetched
     * by {@code fetcher} (null: URLs fail); replicas' threads come from {@code encodeThreads}; answers are handed to
     * {@code responder}, never run on a replica's thread, in the caller's {@code threadContext} (null outside a node).
     */
    public EmbeddingService(ModelRegistry registry, Settings settings, ClusterSettings clusterSettings, int decodeThreads, long decodeMemory,
        ThreadFactory decodeThreadFactory, ThreadFactory encodeThreads, Executor responder, ImageFetcher fetcher,
        ThreadContext threadContext) {
        this.registry = registry;
        this.threadContext = threadContext;
        this.responder = responder;
        this.encodeThreads = encodeThreads;
        this.maxBytes = ClipSettings.IMAGE_MAX_BYTES.get(settings).getBytes();
        this.maxPixels = ClipSettings.IMAGE_MAX_PIXELS.get(settings);
        this.batchSize = ClipSettings.BATCH_SIZE.get(settings);
        this.batchWait = ClipSettings.BATCH_WAIT.get(settings);
        this.queueTimeout = ClipSettings.QUEUE_TIMEOUT.get(settings);
        this.queryQueueSize = ClipSettings.QUERY_QUEUE_SIZE.get(settings);
        this.ingestQueueSize = ClipSettings.INGEST_QUEUE_SIZE.get(settings);
        this.maxImagesPerDocument = ClipSettings.MAX_IMAGES_PER_DOCUMENT.get(settings);
        this.maxImagesPerRequest = ClipSettings.MAX_IMAGES_PER_REQUEST.get(settings);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.IMAGE_MAX_BYTES, v -> maxBytes = v.getBytes());
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.IMAGE_MAX_PIXELS, v -> maxPixels = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.BATCH_SIZE, v -> batchSize = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.BATCH_WAIT, v -> batchWait = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.QUEUE_TIMEOUT, v -> queueTimeout = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.QUERY_QUEUE_SIZE, v -> queryQueueSize = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.INGEST_QUEUE_SIZE, v -> ingestQueueSize = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.MAX_IMAGES_PER_DOCUMENT, v -> maxImagesPerDocument = v);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.MAX_IMAGES_PER_REQUEST, v -> maxImagesPerRequest = v);
        this.gates = new LaneGates(() -> queryQueueSize, () -> ingestQueueSize);
        this.embeddingCacheSize = ClipSettings.EMBEDDING_CACHE_SIZE.get(settings);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.EMBEDDING_CACHE_SIZE, v -> embeddingCacheSize = v);
        this.cache = new EmbeddingCache(() -> embeddingCacheSize);
        this.queryWorkers = ClipSettings.QUERY_WORKERS.get(settings);
        this.decodePause = ClipSettings.DECODE_PAUSE_FOR_QUERIES.get(settings);
        clusterSettings.addSettingsUpdateConsumer(ClipSettings.DECODE_PAUSE_FOR_QUERIES, v -> decodePause = v);
        this.decode = new DecodeStage(decodeThreads, new Budget(() -> decodeMemory), this::imageLimits, cache,
            () -> gates.inFlight(Lane.QUERY) > 0, () -> decodePause.nanos(), decodeThreadFactory);
        // images fetched but not yet decoded: enough to keep every decode thread busy, bounded whatever a request carries
        this.fetch = new FetchStage(fetcher, decode, 4 * decodeThreads);
        registry.beforeClose(this::retire);
    }

    /** Stops the executor of a model that is being unloaded or removed: what is still queued for it fails with 503. */
    private void retire(String model) {
        synchronized (executors) {
            for (LoadedModel old : List.copyOf(executors.keySet())) {
                if (old.name().equals(model)) {
                    executors.remove(old).close();
                }
            }
        }
    }

    /** The node's models. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The image limits now in force ({@code clip.image.*}). */
    public ImageLimits imageLimits() {
        return new ImageLimits(maxBytes, maxPixels);
    }

    /**
     * Embeds every input of {@code request}; the listener gets one result per input (a failed input fails alone), or a
     * failure of the whole request when its model is unknown (400), loading (503) or failed (500).
     */
    public void embed(EmbeddingRequest request, ActionListener<EmbeddingResponse> given) {
        // the answer comes on another thread: it runs with the caller's thread context (headers, task), as OpenSearch's
        // own executors would restore it
        ActionListener<EmbeddingResponse> listener = threadContext == null ? given
            : ContextPreservingActionListener.wrapPreservingContext(given, threadContext);
        ModelExecutor executor;
        try {
            executor = executor(registry.loaded(request.model()));
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        long now = System.nanoTime();
        Ticket ticket = new Ticket(request, executor, now + queueTimeout.nanos(), responder, listener);
        List<WorkItem> admitted = admit(request, ticket, executor, now);
        if (admitted.isEmpty()) {
            ticket.answerUnqueued();
            return;
        }
        // counted before the first item is queued: the last item to finish answers, possibly before this method returns
        ticket.expect(admitted.size());
        Map<String, WorkItem> firstOfImage = new LinkedHashMap<>();
        for (WorkItem item : admitted) {
            if (!item.isImage()) {
                executor.queue().put(item);
                continue;
            }
            WorkItem first = firstOfImage.putIfAbsent(item.image.key(), item);
            if (first != null) {
                first.followers.add(item); // the same image again in this request: fetched, decoded and encoded once
            }
        }
        for (WorkItem item : firstOfImage.values()) {
            executor.onTheWay(item);
        }
        for (WorkItem item : firstOfImage.values()) {
            if (item.image.kind() == ImageSource.Kind.URL) {
                fetch.submit(item);
            } else {
                decode.submit(item);
            }
        }
    }

    /** Applies the caps group by group (a document or a query) and returns the items of the admitted groups. */
    private List<WorkItem> admit(EmbeddingRequest request, Ticket ticket, ModelExecutor executor, long now) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < request.inputs().size(); i++) {
            groups.computeIfAbsent(request.inputs().get(i).group(), g -> new ArrayList<>()).add(i);
        }
        List<WorkItem> items = new ArrayList<>();
        int imagesSoFar = 0;
        int admittedGroups = 0;
        int perDocument = maxImagesPerDocument;
        int perRequest = maxImagesPerRequest;
        Lane lane = request.lane();
        for (List<Integer> group : groups.values()) {
            int images = 0;
            int parts = 0;
            for (int input : group) {
                images += request.inputs().get(input).imageCount();
                parts += request.inputs().get(input).parts().size();
            }
            Exception refusal = null;
            String reason = null;
            if (images > perDocument) {
                refusal = new IllegalArgumentException(label(request, group) + " carries " + images + " images, over the limit of "
                    + perDocument + " per " + (lane == Lane.QUERY ? "query" : "document") + " (clip.inference.max_images_per_document)");
                reason = "too_many_images";
            } else if (imagesSoFar + images > perRequest) {
                refusal = new OpenSearchRejectedExecutionException("this request carries more than " + perRequest
                    + " images (clip.inference.max_images_per_request); " + label(request, group) + " was not embedded: send it again in a "
                    + "smaller request");
                reason = "rejected";
                executor.stats().rejected(lane, parts);
            } else if (!gates.tryAdmit(lane, parts)) {
                refusal = new OpenSearchRejectedExecutionException("the " + lane.label() + " lane is full ("
                    + gates.capacity(lane) + " images and texts in flight, clip.inference." + lane.label()
                    + "_queue_size); retry later");
                reason = "rejected";
                executor.stats().rejected(lane, parts);
            }
            if (refusal != null) {
                for (int input : group) {
                    ticket.refuse(input, refusal);
                }
                executor.stats().failed(reason);
                continue;
            }
            imagesSoFar += images;
            admittedGroups++;
            for (int input : group) {
                List<EmbeddingPart> inputParts = request.inputs().get(input).parts();
                for (int p = 0; p < inputParts.size(); p++) {
                    items.add(new WorkItem(ticket, input, p, inputParts.get(p), now));
                }
            }
        }
        executor.stats().admitted(lane, admittedGroups);
        return items;
    }

    private static String label(EmbeddingRequest request, List<Integer> group) {
        return request.inputs().get(group.get(0)).label();
    }

    private ModelExecutor executor(LoadedModel model) {
        ModelExecutor existing = executors.get(model);
        if (existing != null) {
            return existing;
        }
        synchronized (executors) {
            existing = executors.get(model);
            if (existing != null) {
                return existing;
            }
            // a model loaded again (registered anew) replaces the executor of its previous load
            retire(model.name());
            ModelExecutor created = new ModelExecutor(model, gates, cache, () -> batchSize, () -> batchWait.nanos(), () -> queueTimeout,
                queryWorkers, encodeThreads);
            executors.put(model, created);
            return created;
        }
    }

    /** This node's embedding stats: decode stage, lanes, and per model its replicas, counts and latencies. */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decode", decode.toMap());
        out.put("lanes", gates.toMap());
        Map<String, Object> models = new TreeMap<>();
        for (LoadedModel model : registry.loadedModels()) {
            models.put(model.name(), executor(model).toMap());
        }
        out.put("models", models);
        return out;
    }

    @Override
    public void close() {
        decode.close();
        synchronized (executors) {
            executors.values().forEach(ModelExecutor::close);
            executors.clear();
        }
    }
}
