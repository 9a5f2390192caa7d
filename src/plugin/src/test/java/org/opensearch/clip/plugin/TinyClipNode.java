package org.opensearch.clip.plugin;

import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.common.settings.Settings;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model side of a node, without the node: the project's default bundle ({@code config/models/default}, the
 * emoji model the trainer makes) loaded on the CPU ({@code replicas} replicas), and the embedding service over it.
 */
public final class TinyClipNode implements AutoCloseable {
    private final ModelRegistry registry;
    private final EmbeddingService embeddings;

    /** Loads the default bundle (synchronously, one replica) and starts the embedding service with default settings. */
    public TinyClipNode() {
        this(1, Settings.EMPTY);
    }

    /** Loads the default bundle as {@code replicas} CPU replicas and starts the embedding service with {@code settings}. */
    public TinyClipNode(int replicas, Settings settings) {
        this(replicas, settings, 256L << 20);
    }

    /** The same with a decode budget of {@code decodeMemory} bytes. */
    public TinyClipNode(int replicas, Settings settings, long decodeMemory) {
        this(projectRoot().resolve("config").resolve("models"), replicas, settings, decodeMemory);
    }

    /** Loads the bundles of {@code models} (its {@code default} sub-directory is the default model). */
    public TinyClipNode(Path models, int replicas, Settings settings, long decodeMemory) {
        if (!Files.isDirectory(models.resolve(ModelRegistry.DEFAULT_BUNDLE))) {
            throw new AssertionError("the default model bundle is missing: " + models.resolve(ModelRegistry.DEFAULT_BUNDLE));
        }
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        this.registry = ModelRegistry.discover(models, "");
        registry.loadAll(Runnable::run, work.resolve("djl-cache"), work.resolve("bundles"), DeviceList.parse("cpu"), replicas, 1);
        this.embeddings = NodeModels.embeddingService(registry, settings, decodeMemory);
    }

    /** The repository root: Maven runs the plugin module's tests in {@code src/plugin}. */
    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();
    }

    /** The node's embedding service over the loaded model. */
    public EmbeddingService embeddings() {
        return embeddings;
    }

    /** The node's models. */
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        embeddings.close();
        registry.close();
    }
}
