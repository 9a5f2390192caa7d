package org.opensearch.clip.plugin;

import org.opensearch.clip.plugin.inference.InferenceService;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.threadpool.ThreadPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

/**
 * A node's model directory for tests that only need model names: bundles holding just a {@code clip-model.json}
 * (discovery reads manifests, loading is never started), and the inference service built over them.
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

    /** The inference service of a node whose models directory is {@code models}; {@code threadPool} may be null. */
    public static InferenceService service(Path models, String defaultModel, ThreadPool threadPool) {
        ClusterSettings clusterSettings = new ClusterSettings(Settings.EMPTY, new HashSet<>(ClipSettings.all()));
        return new InferenceService(threadPool, ModelRegistry.discover(models, defaultModel), Settings.EMPTY, clusterSettings);
    }
}
