package org.opensearch.clip.encoder.cli;

import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.hub.HubCheckpointException;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bundle-hub}: builds a model bundle from a local snapshot of a Hugging Face Hub CLIP repository (transformers
 * {@code CLIPModel} or OpenCLIP layout), offline, in Java, at a chosen precision.
 */
public final class HubBundleCommand {
    /** The usage text. */
    public static final String USAGE = """
        bundle-hub --snapshot DIR --out DIR --name MODEL_NAME [--version V] [--precision fp32|bf16|int8]
                   [--djl-cache DIR]    (DIR: e.g. ~/.cache/huggingface/hub/models--openai--clip-vit-base-patch32/snapshots/<revision>)""";

    private HubBundleCommand() {}

    /** Runs the command; returns the process exit status (0 done, 1 failed, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse(args, List.of("snapshot", "out", "name"));
        if (options == null) {
            err.println("usage: " + USAGE);
            return 2;
        }
        try {
            Precision precision = Precision.parse(options.getOrDefault("precision", "fp32"));
            Path cache = Path.of(options.getOrDefault("djl-cache", System.getProperty("user.home") + "/.cache/opensearch-clip/djl"));
            DjlRuntime.start(cache, 0);
            long start = System.nanoTime();
            ModelManifest manifest = HubBundleBuilder.build(Path.of(options.get("snapshot")), Path.of(options.get("out")), options.get("name"),
                options.getOrDefault("version", "1"), precision);
            out.printf(java.util.Locale.ROOT, "bundle %s (%s, dimension %d, %d px) written to %s in %.1f s%n", manifest.name(), precision.option(),
                manifest.embeddingDim(), manifest.image().size(), options.get("out"), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (HubCheckpointException | IllegalArgumentException e) {
            err.println("bundle-hub: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
