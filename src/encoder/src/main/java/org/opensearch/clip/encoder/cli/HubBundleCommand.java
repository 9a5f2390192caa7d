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
 * {@code CLIPModel} or OpenCLIP layout), or from an archive bundle of an OpenAI-layout TorchScript archive, offline, in
 * Java, at a chosen precision.
 */
public final class HubBundleCommand {
    /** The usage text. */
    public static final String USAGE = """
        bundle-hub ( --snapshot DIR                 e.g. ~/.cache/huggingface/hub/models--openai--clip-vit-base-patch32/snapshots/<revision>
                   | --archive-bundle DIR [--head-width 64] )   a bundle-archive bundle: OpenAI's ViT archives (openai/ViT-B-32 ...)
                   --out DIR --name MODEL_NAME [--version V] [--precision fp32|bf16|int8] [--djl-cache DIR]""";

    private HubBundleCommand() {}

    /** Runs the command; returns the process exit status (0 done, 1 failed, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse(args, List.of("out", "name"));
        if (options == null || options.containsKey("snapshot") == options.containsKey("archive-bundle")) {
            err.println("usage: " + USAGE);
            return 2;
        }
        try {
            Precision precision = Precision.parse(options.getOrDefault("precision", "fp32"));
            Path cache = Path.of(options.getOrDefault("djl-cache", System.getProperty("user.home") + "/.cache/opensearch-clip/djl"));
            DjlRuntime.start(cache, 0);
            long start = System.nanoTime();
            Path bundle = Path.of(options.get("out"));
            String version = options.getOrDefault("version", "1");
            ModelManifest manifest = options.containsKey("snapshot")
                ? HubBundleBuilder.build(Path.of(options.get("snapshot")), bundle, options.get("name"), version, precision)
                : HubBundleBuilder.buildFromArchive(Path.of(options.get("archive-bundle")), bundle, options.get("name"), version, precision,
                    headWidth(options));
            out.printf(java.util.Locale.ROOT, "bundle %s (%s, dimension %d, %d px) written to %s in %.1f s%n", manifest.name(), precision.option(),
                manifest.embeddingDim(), manifest.image().size(), options.get("out"), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (HubCheckpointException | IllegalArgumentException e) {
            err.println("bundle-hub: " + e.getMessage());
            return 1;
        }
    }

    private static int headWidth(Map<String, String> options) {
        String value = options.getOrDefault("head-width", String.valueOf(HubBundleBuilder.OPENAI_HEAD_WIDTH));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--head-width [" + value + "] must be a positive integer", e);
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
