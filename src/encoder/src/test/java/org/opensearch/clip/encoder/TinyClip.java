package org.opensearch.clip.encoder;

import ai.djl.Device;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Path;

/**
 * The tiny-clip test bundle ({@code src/test/resources/models/tiny-clip}: dimension 32, 64 px images, 77 tokens)
 * and the DJL runtime the tests load it with, started once per test JVM with its cache under the build directory.
 */
public final class TinyClip {
    /** The bundle's location relative to the test resources. */
    public static final String RESOURCE = "models/tiny-clip";

    private TinyClip() {}

    /** The bundle directory. */
    public static Path directory() {
        return TestFiles.path(RESOURCE);
    }

    /** The DJL runtime (offline, PyTorch, libtorch extracted under {@code java.io.tmpdir}, the build directory). */
    public static DjlRuntime runtime() {
        return DjlRuntime.start(Path.of(System.getProperty("java.io.tmpdir")).resolve("djl-cache"), 1);
    }

    /** Opens the verified bundle directory. */
    public static ModelBundle bundle() {
        return ModelBundle.open(directory(), Path.of(System.getProperty("java.io.tmpdir")).resolve("bundles"));
    }

    /** Loads the bundle's encoders on the CPU; the caller closes the encoder. */
    public static ClipEncoder encoder() {
        runtime();
        return ClipEncoder.load(bundle(), Device.cpu());
    }
}
