package org.opensearch.clip.encoder.bundle;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.tokenize.ClipBpeVocabulary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds an archive bundle directory (docs/model-bundle.md) from a TorchScript archive in OpenAI's layout, CLIP's BPE
 * vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}) and the model's manifest values: {@code model.pt}, a
 * {@code tokenizer.json} converted from the vocabulary, and {@code clip-model.json} with every file's sha256.
 */
public final class ArchiveBundleBuilder {
    /** The archive's file name inside a built bundle. */
    public static final String ARCHIVE_FILE = "model.pt";
    private static final String PLACEHOLDER_DIGEST = "0".repeat(64);

    private ArchiveBundleBuilder() {}

    /**
     * Checks that manifest values make a valid manifest once a model's name, archive and files are added.
     *
     * @throws BundleException naming the key that is wrong
     */
    public static ModelManifest validate(String name, JsonObject manifestValues) {
        JsonObject files = new JsonObject();
        files.addProperty(ARCHIVE_FILE, PLACEHOLDER_DIGEST);
        files.addProperty(ModelManifest.TOKENIZER, PLACEHOLDER_DIGEST);
        return ModelManifest.parse(manifest(name, manifestValues, files).toString());
    }

    /**
     * Writes the bundle into {@code directory} (created if needed) and returns its manifest. The archive is copied
     * to {@code directory/model.pt} unless it already is that file.
     *
     * @param name the model name written into the manifest
     * @param manifestValues {@code clip-model.json} without {@code name}, {@code archive} and {@code files}
     * @param archive the TorchScript archive
     * @param vocabulary CLIP's BPE merges file, gzip or plain text
     */
    public static ModelManifest build(String name, JsonObject manifestValues, Path archive, Path vocabulary, Path directory)
        throws IOException {
        validate(name, manifestValues);
        Files.createDirectories(directory);
        Path model = directory.resolve(ARCHIVE_FILE);
        if (!Files.exists(model) || !Files.isSameFile(archive, model)) {
            Files.copy(archive, model, StandardCopyOption.REPLACE_EXISTING);
        }
        Path tokenizer = directory.resolve(ModelManifest.TOKENIZER);
        ClipBpeVocabulary.read(vocabulary, ClipBpeVocabulary.CLIP_MERGES).writeTokenizerJson(tokenizer);
        JsonObject files = new JsonObject();
        files.addProperty(ARCHIVE_FILE, ModelBundle.sha256(model));
        files.addProperty(ModelManifest.TOKENIZER, ModelBundle.sha256(tokenizer));
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest(name, manifestValues, files));
        Files.writeString(directory.resolve(ModelManifest.FILE_NAME), json + "\n", StandardCharsets.UTF_8);
        return ModelManifest.parse(json);
    }

    private static JsonObject manifest(String name, JsonObject values, JsonObject files) {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("format_version", 1);
        manifest.addProperty("name", name);
        for (var entry : values.entrySet()) {
            if (!java.util.Set.of("format_version", "name", "archive", "files").contains(entry.getKey())) {
                manifest.add(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        if (!manifest.has("version")) {
            manifest.addProperty("version", "1");
        }
        manifest.addProperty("archive", ARCHIVE_FILE);
        manifest.add("files", files);
        return manifest;
    }
}
