package org.opensearch.clip.plugin.settings;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin's node settings: each limit has a safe default, and values outside its bounds are refused by name. */
class ClipSettingsTest {

    private static <T> T value(Setting<T> setting, String value) {
        return setting.get(Settings.builder().put(setting.getKey(), value).build());
    }

    private static void assertRefused(Setting<?> setting, String value, String expectedMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> value(setting, value));
        String messages = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
        assertTrue(messages.contains(expectedMessage), "[" + setting.getKey() + "=" + value + "]: " + messages);
        assertTrue(messages.contains(setting.getKey()), "the message names the setting: " + messages);
    }

    @Test
    void defaultsAreSafeForAnyNode() {
        Settings none = Settings.EMPTY;
        assertEquals("auto", ClipSettings.DEVICE.get(none));
        assertEquals("", ClipSettings.DEFAULT_MODEL.get(none));
        assertEquals(new ByteSizeValue(10, ByteSizeUnit.MB), ClipSettings.IMAGE_MAX_BYTES.get(none));
        assertEquals(40_000_000, ClipSettings.IMAGE_MAX_PIXELS.get(none));
        assertEquals(32, ClipSettings.BATCH_SIZE.get(none));
        assertEquals(TimeValue.timeValueSeconds(30), ClipSettings.QUEUE_TIMEOUT.get(none));
        assertEquals(0, ClipSettings.TORCH_THREADS.get(none));
    }

    @Test
    void theImageLimitDefaultsAreTheEncodersDefaults() {
        assertEquals(ImageLimits.DEFAULT_MAX_BYTES, ClipSettings.IMAGE_MAX_BYTES.get(Settings.EMPTY).getBytes());
        assertEquals(ImageLimits.DEFAULT_MAX_PIXELS, ClipSettings.IMAGE_MAX_PIXELS.get(Settings.EMPTY).longValue());
    }

    @Test
    void everySettingIsRegisteredUnderTheClipPrefixAsANodeSetting() {
        List<Setting<?>> all = ClipSettings.all();
        Set<String> keys = all.stream().map(Setting::getKey).collect(Collectors.toSet());
        assertEquals(
            Set.of(
                "clip.device",
                "clip.default_model",
                "clip.image.max_bytes",
                "clip.image.max_pixels",
                "clip.inference.batch_size",
                "clip.inference.query_workers",
                "clip.inference.decode_pause_for_queries",
                "clip.inference.batch_wait",
                "clip.inference.queue_timeout",
                "clip.inference.query_queue_size",
                "clip.inference.ingest_queue_size",
                "clip.inference.max_images_per_document",
                "clip.inference.max_images_per_request",
                "clip.inference.decode_memory",
                "clip.inference.decode_threads",
                "clip.inference.replicas_per_device",
                "clip.inference.embedding_cache.size",
                "clip.torch.num_threads"
            ),
            keys
        );
        for (Setting<?> setting : all) {
            assertTrue(setting.hasNodeScope(), setting.getKey());
        }
    }

    @Test
    void limitsCanBeChangedOnARunningClusterButTheDeviceAndThreadsCannot() {
        for (Setting<?> dynamic : List.of(
            ClipSettings.IMAGE_MAX_BYTES,
            ClipSettings.IMAGE_MAX_PIXELS,
            ClipSettings.BATCH_SIZE,
            ClipSettings.BATCH_WAIT,
            ClipSettings.QUEUE_TIMEOUT,
            ClipSettings.QUERY_QUEUE_SIZE,
            ClipSettings.INGEST_QUEUE_SIZE,
            ClipSettings.MAX_IMAGES_PER_DOCUMENT,
            ClipSettings.MAX_IMAGES_PER_REQUEST,
            ClipSettings.EMBEDDING_CACHE_SIZE,
            ClipSettings.DEFAULT_MODEL
        )) {
            assertTrue(dynamic.isDynamic(), dynamic.getKey());
        }
        for (Setting<?> fixed : List.of(ClipSettings.DEVICE, ClipSettings.TORCH_THREADS,
            ClipSettings.REPLICAS_PER_DEVICE, ClipSettings.DECODE_THREADS, ClipSettings.DECODE_MEMORY)) {
            assertFalse(fixed.isDynamic(), fixed.getKey());
        }
    }

    @Test
    void theDeviceAcceptsTheDocumentedFormsAndRefusesOthers() {
        for (String device : List.of("auto", "all", "cpu", "gpu", "gpu:1", "gpu:0,gpu:1", "cpu,gpu:0")) {
            assertEquals(device, value(ClipSettings.DEVICE, device));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> value(ClipSettings.DEVICE, "tpu"));
        assertEquals("invalid value for setting [clip.device]: device [tpu] must be auto, all, cpu, gpu, gpu:N or a comma-separated "
            + "list of cpu and gpu:N (N = GPU index)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> value(ClipSettings.DEVICE, "auto,gpu:0"));
        assertTrue(e.getMessage().contains("auto cannot be part of a list"), e.getMessage());
    }

    @Test
    void theByteLimitStaysBetweenOneKilobyteAndTwoHundredMegabytes() {
        assertEquals(1024, value(ClipSettings.IMAGE_MAX_BYTES, "1kb").getBytes());
        assertEquals(200L * 1024 * 1024, value(ClipSettings.IMAGE_MAX_BYTES, "200mb").getBytes());
        assertRefused(ClipSettings.IMAGE_MAX_BYTES, "1023b", "must be >= [1kb]");
        assertRefused(ClipSettings.IMAGE_MAX_BYTES, "201mb", "must be <= [200mb]");
        assertRefused(ClipSettings.IMAGE_MAX_BYTES, "lots", "failed to parse");
        assertTrue(200L * 1024 * 1024 <= ImageLimits.LARGEST_MAX_BYTES, "the largest setting is a valid encoder limit");
    }

    @Test
    void thePixelLimitIsPositiveAndBounded() {
        assertEquals(1, value(ClipSettings.IMAGE_MAX_PIXELS, "1"));
        assertRefused(ClipSettings.IMAGE_MAX_PIXELS, "0", "must be >= 1");
        assertEquals(250_000_000, value(ClipSettings.IMAGE_MAX_PIXELS, "250000000"));
        assertRefused(ClipSettings.IMAGE_MAX_PIXELS, "250000001", "must be <= 250000000");
    }

    @Test
    void theBatchSizeStaysBetweenOneAnd1024() {
        assertEquals(1024, value(ClipSettings.BATCH_SIZE, "1024"));
        assertRefused(ClipSettings.BATCH_SIZE, "0", "must be >= 1");
        assertRefused(ClipSettings.BATCH_SIZE, "1025", "must be <= 1024");
    }

    @Test
    void theQueueTimeoutMustBePositive() {
        assertEquals(TimeValue.timeValueMillis(250), value(ClipSettings.QUEUE_TIMEOUT, "250ms"));
        assertRefused(ClipSettings.QUEUE_TIMEOUT, "0ms", "must be >= [1ms]");
    }

    @Test
    void torchThreadsStayBetweenZeroAnd512() {
        assertEquals(512, value(ClipSettings.TORCH_THREADS, "512"));
        assertRefused(ClipSettings.TORCH_THREADS, "-1", "must be >= 0");
        assertRefused(ClipSettings.TORCH_THREADS, "513", "must be <= 512");
    }
}
