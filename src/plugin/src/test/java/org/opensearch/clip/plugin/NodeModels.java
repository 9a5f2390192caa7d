package org.opensearch.clip.plugin;

import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

/**
 * A node's model directory for tests that only need model names: bundles holding just a {@code clip-model.json}
 * (discovery reads manifests, loading is never started), and the embedding service built over them.
 */
public final class NodeModels {
    private NodeModels() {}

    /** Writes a manifest-only bundle named {@code name} into {@code models/<directory>}. */
    public static void addBundle(Path models, String directory, String name) {
        String digest = "0".repeat(64);
        String manifest = """
            {"format_version": 1, "name": "%s", "version": "1", "embedding_dim": 32,
             "image": {"size": 64, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
             "text": {"context_length": 77},
             "files": {"image_encoder.pt": "%s", "text_encoder.pt": "%s", "tokenizer.json": "%s"}}
            """.formatted(name, digest, digest, digest);
        try {
            Files.writeString(Files.createDirectories(models.resolve(directory)).resolve("clip-model.json"), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedding service of a node whose models directory is {@code models}. */
    public static EmbeddingService service(Path models, String defaultModel) {
        return embeddingService(ModelRegistry.discover(models, defaultModel), Settings.EMPTY);
    }

    /**
     * An embedding service over {@code registry} with {@code settings} (the plugin's settings registered as in a node):
     * two decode threads, a 256 MB decode budget, daemon threads, answers on a thread of their own.
     */
    public static EmbeddingService embeddingService(ModelRegistry registry, Settings settings) {
        return embeddingService(registry, settings, 256L << 20);
    }

    /** The same with a decode budget of {@code decodeMemory} bytes. */
    public static EmbeddingService embeddingService(ModelRegistry registry, Settings settings, long decodeMemory) {
        return embeddingService(registry, settings, decodeMemory, null);
    }

    /** The same, fetching image URLs with {@code fetcher} (null: URLs fail). */
    public static EmbeddingService embeddingService(ModelRegistry registry, Settings settings, long decodeMemory,
        org.opensearch.clip.plugin.outbound.ImageFetcher fetcher) {
        ClusterSettings clusterSettings = new ClusterSettings(settings, new HashSet<>(ClipSettings.all()));
        java.util.concurrent.ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "clip-test-embedding");
            thread.setDaemon(true);
            return thread;
        };
        java.util.concurrent.Executor responder = runnable -> threads.newThread(runnable).start();
        return new EmbeddingService(registry, settings, clusterSettings, 2, decodeMemory, threads, threads, responder, fetcher, null);
    }
}
