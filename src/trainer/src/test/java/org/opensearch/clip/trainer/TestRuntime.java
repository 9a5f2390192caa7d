package org.opensearch.clip.trainer;

import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Path;

/** Test fixtures shared by the trainer tests: the started DJL runtime and the encoder module's test resources. */
public final class TestRuntime {
    private TestRuntime() {}

    /** Starts DJL once per JVM (single libtorch thread, so results are reproducible). */
    public static DjlRuntime start() {
        String cache = System.getProperty("clip.djl.cache", System.getProperty("user.home") + "/.cache/opensearch-clip/djl");
        return DjlRuntime.start(Path.of(cache), 1);
    }

    /** The encoder module's test resources: images and the tiny-clip bundle. */
    public static Path resources() {
        return Path.of(System.getProperty("clip.test.resources", "../encoder/src/test/resources"));
    }

    /** The tiny-clip test bundle. */
    public static Path tinyClip() {
        return resources().resolve("models/tiny-clip");
    }
}
