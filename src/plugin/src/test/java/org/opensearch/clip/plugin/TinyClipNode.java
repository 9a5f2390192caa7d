package org.opensearch.clip.plugin;

import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.plugin.inference.InferenceService;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;

/**
 * The model side of a node, without the node: the project's default bundle ({@code config/models/default}, the
 * emoji model the trainer makes) loaded on the CPU, and a thread pool with the plugin's inference pool.
 */
public final class TinyClipNode implements AutoCloseable {
    private final ThreadPool threadPool;
    private final ModelRegistry registry;
    private final InferenceService inference;

    /** Loads the default bundle (synchronously) and starts the thread pool. */
    public TinyClipNode() {
        Path models = projectRoot().resolve("config").resolve("models");
        if (!Files.isDirectory(models.resolve(ModelRegistry.DEFAULT_BUNDLE))) {
            throw new AssertionError("the default model bundle is missing: " + models.resolve(ModelRegistry.DEFAULT_BUNDLE));
        }
        Settings settings = Settings.builder().put("node.name", "clip-test").build();
        this.threadPool = new ThreadPool(
            settings,
            new FixedExecutorBuilder(settings, ClipSettings.THREAD_POOL, 1, 100, "thread_pool." + ClipSettings.THREAD_POOL)
        );
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        this.registry = ModelRegistry.discover(models, "");
        registry.loadAll(Runnable::run, work.resolve("djl-cache"), work.resolve("bundles"), DeviceSpec.parse("cpu"), 1);
        ClusterSettings clusterSettings = new ClusterSettings(settings, new HashSet<>(ClipSettings.all()));
        this.inference = new InferenceService(threadPool, registry, settings, clusterSettings);
    }

    /** The repository root: Maven runs the plugin module's tests in {@code src/plugin}. */
    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();
    }

    /** The node's inference service over the loaded model. */
    public InferenceService inference() {
        return inference;
    }

    /** The node's models. */
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        ThreadPool.terminate(threadPool, 10, TimeUnit.SECONDS);
        registry.close();
    }
}
