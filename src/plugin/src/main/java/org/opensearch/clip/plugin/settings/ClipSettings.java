package org.opensearch.clip.plugin.settings;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.clip.encoder.runtime.DeviceSpec;

import java.util.List;

/** The node settings of opensearch-clip, each a limit or a choice with a safe default. */
public final class ClipSettings {
    private ClipSettings() {}

    /** The thread pool that runs image decoding and model inference (sized by thread_pool.clip_inference.*). */
    public static final String THREAD_POOL = "clip_inference";

    /** The thread pool that runs IVF k-means (one thread by default; sized by thread_pool.clip_ivf_train.*). */
    public static final String IVF_TRAIN_THREAD_POOL = "clip_ivf_train";

    /** Which device the models run on: auto (first GPU if present, else CPU), cpu, gpu or gpu:N. */
    public static final Setting<String> DEVICE = new Setting<>("clip.device", "auto", value -> {
        try {
            DeviceSpec.parse(value);
        } catch (IllegalArgumentException e) {
            // the setting framework passes this message on as it is: name the setting, or the node's start-up error does not
            throw new IllegalArgumentException("invalid value for setting [clip.device]: " + e.getMessage(), e);
        }
        return value;
    }, Property.NodeScope);

    /** The model used when a processor or query names none; empty means the bundle in models/default. */
    public static final Setting<String> DEFAULT_MODEL = Setting.simpleString("clip.default_model", "", Property.NodeScope);

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

    /** libtorch intra-op threads per forward pass (0 = libtorch's default). */
    public static final Setting<Integer> TORCH_THREADS = Setting.intSetting("clip.torch.num_threads", 0, 0, 512, Property.NodeScope);

    /** Every setting the plugin registers. */
    public static List<Setting<?>> all() {
        return List.of(DEVICE, DEFAULT_MODEL, IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, BATCH_SIZE, QUEUE_TIMEOUT, TORCH_THREADS);
    }
}
