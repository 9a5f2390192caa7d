package org.opensearch.clip.encoder.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.bundle.ArchiveBundleBuilder;
import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.catalog.CatalogEntry;
import org.opensearch.clip.encoder.catalog.ModelCatalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bundle-archive}: builds a model bundle from a TorchScript archive in OpenAI's layout and CLIP's BPE
 * vocabulary, offline. With {@code --catalog NAME} the files must be that catalog entry's (their sha256 is checked)
 * and the manifest values are the entry's; {@code --like NAME} takes only the values; otherwise they are given.
 */
public final class ArchiveBundleCommand {
    /** The usage text. */
    public static final String USAGE = """
        bundle-archive --archive FILE.pt --vocab bpe_simple_vocab_16e6.txt.gz --out DIR
                       ( --catalog NAME                       checked against the catalog: e.g. openai/ViT-B-32
                       | --like NAME --name MODEL_NAME        the catalog entry's values for another archive
                       | --name MODEL_NAME --embedding-dim D --image-size S [--context-length 77] )
                       [--version V]""";
    private static final List<Double> OPENAI_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    private static final List<Double> OPENAI_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    private ArchiveBundleCommand() {}

    /** Runs the command; returns the process exit status (0 done, 1 failed, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse(args, List.of("archive", "vocab", "out"));
        if (options == null) {
            err.println("usage: " + USAGE);
            return 2;
        }
        Path archive = Path.of(options.get("archive"));
        Path vocabulary = Path.of(options.get("vocab"));
        try {
            String name;
            JsonObject values;
            if (options.containsKey("catalog")) {
                CatalogEntry entry = ModelCatalog.builtIn().entry(options.get("catalog"));
                check(archive, entry.archive().sha256());
                check(vocabulary, entry.vocabulary().sha256());
                name = options.getOrDefault("name", entry.name());
                values = entry.manifest();
            } else if (options.containsKey("like")) {
                name = required(options, "name");
                values = ModelCatalog.builtIn().entry(options.get("like")).manifest();
            } else {
                name = required(options, "name");
                values = given(options);
            }
            if (options.containsKey("version")) {
                values.addProperty("version", options.get("version"));
            }
            ModelManifest manifest = ArchiveBundleBuilder.build(name, values, archive, vocabulary, Path.of(options.get("out")));
            out.println("bundle " + manifest.name() + " (dimension " + manifest.embeddingDim() + ", " + manifest.image().size()
                + " px) written to " + options.get("out"));
            return 0;
        } catch (IOException | IllegalArgumentException | BundleException e) {
            err.println("bundle-archive: " + e.getMessage());
            return 1;
        }
    }

    private static void check(Path file, String expected) {
        String actual = ModelBundle.sha256(file);
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException(file + " has sha256 " + actual + " but the catalog expects " + expected
                + " (use --like to build a bundle of another archive with the same values)");
        }
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static JsonObject given(Map<String, String> options) {
        int size = Integer.parseInt(required(options, "image-size"));
        JsonObject image = new JsonObject();
        image.addProperty("size", size);
        image.addProperty("resize", size);
        image.addProperty("interpolation", "bicubic");
        image.addProperty("crop", "center");
        image.add("mean", array(OPENAI_MEAN));
        image.add("std", array(OPENAI_STD));
        JsonObject text = new JsonObject();
        text.addProperty("context_length", Integer.parseInt(options.getOrDefault("context-length", "77")));
        text.addProperty("pad_id", 0);
        JsonObject values = new JsonObject();
        values.addProperty("embedding_dim", Integer.parseInt(required(options, "embedding-dim")));
        values.add("image", image);
        values.add("text", text);
        return values;
    }

    private static JsonArray array(List<Double> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
