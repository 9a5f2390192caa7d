package org.opensearch.clip.encoder.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The process-wide DJL set-up: offline, no telemetry, PyTorch as the engine, native libraries (libtorch, the
 * tokenizer's, libwebp's) extracted under a directory the caller may write, and the engine found through this
 * module's class loader.
 */
public final class DjlRuntime {
    /** The engine every model of this project runs on. */
    public static final String ENGINE = "PyTorch";

    /** Where the libwebp WebP reader extracts its native library; see the decode package's {@code LibWebp}. */
    private static final String WEBP_NATIVE_DIRECTORY = "com.luciad.imageio.webp.tmpdir";

    private static volatile DjlRuntime instance;

    private final Path cacheDirectory;
    private final Engine engine;

    private DjlRuntime(Path cacheDirectory, Engine engine) {
        this.cacheDirectory = cacheDirectory;
        this.engine = engine;
    }

    /**
     * Configures DJL once per JVM and starts the PyTorch engine. Later calls return the same runtime; their
     * arguments are ignored, because DJL reads these settings once.
     *
     * @param cacheDirectory where libtorch, the tokenizer library and libwebp are extracted (about 450 MB)
     * @param torchThreads intra-op threads for libtorch, or 0 to keep libtorch's default
     */
    public static DjlRuntime start(Path cacheDirectory, int torchThreads) {
        DjlRuntime current = instance;
        if (current != null) {
            return current;
        }
        synchronized (DjlRuntime.class) {
            if (instance == null) {
                instance = create(cacheDirectory, torchThreads);
            }
            return instance;
        }
    }

    private static DjlRuntime create(Path cacheDirectory, int torchThreads) {
        try {
            Files.createDirectories(cacheDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the DJL cache directory " + cacheDirectory, e);
        }
        String cache = cacheDirectory.toAbsolutePath().toString();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.default_engine", ENGINE);
        System.setProperty("ENGINE_CACHE_DIR", cache);
        System.setProperty("DJL_CACHE_DIR", cache);
        // the libwebp reader's native library goes to the same writable place (inside a node, not java.io.tmpdir)
        if (System.getProperty(WEBP_NATIVE_DIRECTORY) == null) {
            System.setProperty(WEBP_NATIVE_DIRECTORY, cache);
        }
        if (torchThreads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = withModuleClassLoader(() -> Engine.getEngine(ENGINE));
        return new DjlRuntime(cacheDirectory, engine);
    }

    /**
     * Runs an action with this module's class loader as the thread's context class loader: DJL finds its engines
     * and native libraries through it, and inside a plugin the default context loader cannot see them.
     */
    public static <T> T withModuleClassLoader(Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The started PyTorch engine. */
    public Engine engine() {
        return engine;
    }

    /** Where native libraries were extracted. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The engine's version, e.g. 2.7.1. */
    public String engineVersion() {
        return engine.getVersion();
    }

    /** Picks the device a setting asks for on this machine. */
    public Device device(DeviceSpec spec) {
        return spec.resolve(engine.getGpuCount());
    }
}
