package org.opensearch.clip.plugin.settings;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.clip.encoder.runtime.DeviceList;

import java.util.List;

/** The node settings of opensearch-clip, each a limit or a choice with a safe default. */
public final class ClipSettings {
    private ClipSettings() {}

    /** The thread pool that runs IVF k-means (one thread by default; sized by thread_pool.clip_ivf_train.*). */
    public static final String IVF_TRAIN_THREAD_POOL = "clip_ivf_train";

    /**
     * Which devices the models run on, one replica of every model per device: auto (the first GPU if present, else the
     * CPU), all (every GPU, else the CPU), cpu, gpu, gpu:N, or a list such as gpu:0,gpu:1.
     */
    public static final Setting<String> DEVICE = new Setting<>("clip.device", "auto", value -> {
        try {
            DeviceList.parse(value);
        } catch (IllegalArgumentException e) {
            // the setting framework passes this message on as it is: name the setting, or the node's start-up error does not
            throw new IllegalArgumentException("invalid value for setting [clip.device]: " + e.getMessage(), e);
        }
        return value;
    }, Property.NodeScope);

    /** The model used when a processor or query names none; empty means the bundle in models/default. Dynamic: changed at run time with PUT _cluster/settings. */
    public static final Setting<String> DEFAULT_MODEL = Setting.simpleString("clip.default_model", "", Property.NodeScope,
        Property.Dynamic);

    /** The largest encoded image accepted, in bytes (checked before decoding). */
    public static final Setting<ByteSizeValue> IMAGE_MAX_BYTES = Setting.byteSizeSetting(
        "clip.image.max_bytes",
        new ByteSizeValue(10, ByteSizeUnit.MB),
        new ByteSizeValue(1, ByteSizeUnit.KB),
        new ByteSizeValue(200, ByteSizeUnit.MB),
        Property.NodeScope,
        Property.Dynamic
    );

    /**
     * The largest image accepted, in pixels (width x height, checked from the header before decoding); at most
     * 250 million, whose decoded RGB raster alone takes 1 GB of heap.
     */
    public static final Setting<Integer> IMAGE_MAX_PIXELS = Setting.intSetting(
        "clip.image.max_pixels",
        40_000_000,
        1,
        250_000_000,
        Property.NodeScope,
        Property.Dynamic
    );

    /** The most images or texts sent to a model in one forward pass. */
    public static final Setting<Integer> BATCH_SIZE = Setting.intSetting("clip.inference.batch_size", 32, 1, 1024, Property.NodeScope,
        Property.Dynamic);

    /** How long a request may wait in the inference queue before it fails instead of running. */
    public static final Setting<TimeValue> QUEUE_TIMEOUT = Setting.timeSetting(
        "clip.inference.queue_timeout",
        TimeValue.timeValueSeconds(30),
        TimeValue.timeValueMillis(1),
        Property.NodeScope,
        Property.Dynamic
    );

    /** libtorch intra-op threads per forward pass (0 = one thread per replica's share of half the node's processors). */
    public static final Setting<Integer> TORCH_THREADS = Setting.intSetting("clip.torch.num_threads", 0, 0, 512, Property.NodeScope);

    /** Replicas of every model per device (several CPU replicas suit many-core CPU nodes). */
    public static final Setting<Integer> REPLICAS_PER_DEVICE = Setting.intSetting("clip.inference.replicas_per_device", 1, 1, 64,
        Property.NodeScope);

    /** Threads that decode and preprocess images (0 = the node's allocated processors). */
    public static final Setting<Integer> DECODE_THREADS = Setting.intSetting("clip.inference.decode_threads", 0, 0, 256,
        Property.NodeScope);

    /** How long a replica waits for more ingest items to fill a batch while more are being decoded; query batches never wait. */
    public static final Setting<TimeValue> BATCH_WAIT = Setting.timeSetting(
        "clip.inference.batch_wait",
        TimeValue.timeValueMillis(50),
        TimeValue.ZERO,
        Property.NodeScope,
        Property.Dynamic
    );

    /**
     * Whether every device gets a query worker: a second thread on the loaded model (no second copy of its weights)
     * that runs query batches only, so a query never waits for a running ingest batch.
     */
    public static final Setting<Boolean> QUERY_WORKERS = Setting.boolSetting("clip.inference.query_workers", true, Property.NodeScope);

    /**
     * How long the decode threads hold back from starting an ingest image while query embeddings are in flight (0:
     * never), so a query's encoding gets the CPU; a query image waiting for decoding ends the pause.
     */
    public static final Setting<TimeValue> DECODE_PAUSE_FOR_QUERIES = Setting.timeSetting(
        "clip.inference.decode_pause_for_queries",
        TimeValue.timeValueMillis(50),
        TimeValue.ZERO,
        Property.NodeScope,
        Property.Dynamic
    );

    /** The most images and texts the ingest lane holds (waiting, decoding or encoding); more fail with 429. */
    public static final Setting<Integer> INGEST_QUEUE_SIZE = Setting.intSetting("clip.inference.ingest_queue_size", 4000, 1, 1_000_000,
        Property.NodeScope, Property.Dynamic);

    /** The most images and texts the query lane holds; more fail with 429. */
    public static final Setting<Integer> QUERY_QUEUE_SIZE = Setting.intSetting("clip.inference.query_queue_size", 200, 1, 100_000,
        Property.NodeScope, Property.Dynamic);

    /** The most images one document (or one query) may carry; a document over it fails with 400. */
    public static final Setting<Integer> MAX_IMAGES_PER_DOCUMENT = Setting.intSetting("clip.inference.max_images_per_document", 256, 1,
        100_000, Property.NodeScope, Property.Dynamic);

    /** The most images one request (a bulk) may carry; the documents past it fail with 429, to be sent again. */
    public static final Setting<Integer> MAX_IMAGES_PER_REQUEST = Setting.intSetting("clip.inference.max_images_per_request", 2000, 1,
        1_000_000, Property.NodeScope, Property.Dynamic);

    /**
     * The heap that images being decoded may take together (16 bytes per claimed pixel, reserved from the header
     * before decoding): images wait for room; one that needs more than all of it fails with 400.
     */
    public static final Setting<ByteSizeValue> DECODE_MEMORY = Setting.memorySizeSetting("clip.inference.decode_memory", "20%",
        Property.NodeScope);

    /**
     * Image embeddings kept by content hash and model version, so an image ingested or searched again skips decoding
     * and the model; 0 (the default) turns the cache off. Each entry holds one vector of the model's dimension.
     */
    public static final Setting<Integer> EMBEDDING_CACHE_SIZE = Setting.intSetting("clip.inference.embedding_cache.size", 0, 0, 1_000_000,
        Property.NodeScope, Property.Dynamic);

    /** Every setting the plugin registers. */
    public static List<Setting<?>> all() {
        return List.of(DEVICE, DEFAULT_MODEL, IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, BATCH_SIZE, QUEUE_TIMEOUT, TORCH_THREADS,
            REPLICAS_PER_DEVICE, DECODE_THREADS, BATCH_WAIT, INGEST_QUEUE_SIZE, QUERY_QUEUE_SIZE, MAX_IMAGES_PER_DOCUMENT,
            MAX_IMAGES_PER_REQUEST, DECODE_MEMORY, EMBEDDING_CACHE_SIZE, QUERY_WORKERS, DECODE_PAUSE_FOR_QUERIES);
    }
}
