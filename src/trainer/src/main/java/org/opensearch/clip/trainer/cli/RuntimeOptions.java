package org.opensearch.clip.trainer.cli;

import ai.djl.Device;

import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Path;
import java.util.Set;

/** The options every model-running command shares: libtorch threads, the DJL cache and the device. */
final class RuntimeOptions {
    static final Set<String> OPTIONS = Set.of("threads", "djl-cache", "device");
    static final String USAGE = """
          --threads N          libtorch intra-op threads (default: all cores); results are reproducible for a fixed N
          --djl-cache DIR      where libtorch is extracted (default: ~/.cache/opensearch-clip/djl)
          --device D           cpu (default), gpu, gpu:N or auto; a GPU needs a CUDA libtorch on the class path
        """;

    private RuntimeOptions() {}

    /** Starts the DJL runtime as the options say and returns the device to use. */
    static Device start(Arguments arguments) {
        int threads = arguments.integer("threads", Runtime.getRuntime().availableProcessors());
        Path cache = arguments.path("djl-cache", Path.of(System.getProperty("user.home"), ".cache", "opensearch-clip", "djl"));
        DjlRuntime runtime = DjlRuntime.start(cache, threads);
        return runtime.device(DeviceSpec.parse(arguments.string("device", "cpu")));
    }

    /** Where bundles given as {@code .zip} files are extracted. */
    static Path extractRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "clip-trainer-bundles");
    }
}
