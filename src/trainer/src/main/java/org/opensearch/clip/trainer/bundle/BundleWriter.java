package org.opensearch.clip.trainer.bundle;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes {@code clip-model.json} for a bundle directory whose model files are in place: the base manifest's
 * settings with a new name, version and logit scale, and the sha256 of every file; then opens the result with
 * {@link ModelBundle#open}, so a written bundle is always one the plugin accepts.
 */
public final class BundleWriter {
    private BundleWriter() {}

    /** Writes the manifest into {@code directory} and returns the verified bundle. */
    public static ModelBundle writeManifest(Path directory, ModelManifest base, String name, String version, double logitScale)
        throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format_version", 1);
        root.addProperty("name", name);
        root.addProperty("version", version);
        root.addProperty("embedding_dim", base.embeddingDim());
        JsonObject image = new JsonObject();
        image.addProperty("size", base.image().size());
        image.addProperty("resize", base.image().resize());
        image.addProperty("interpolation", base.image().interpolation());
        image.addProperty("crop", base.image().crop());
        image.add("mean", numbers(base.image().mean()));
        image.add("std", numbers(base.image().std()));
        root.add("image", image);
        JsonObject text = new JsonObject();
        text.addProperty("context_length", base.text().contextLength());
        text.addProperty("pad_id", base.text().padId());
        text.addProperty("attention_mask", base.text().attentionMask());
        root.add("text", text);
        root.addProperty("logit_scale", logitScale);
        JsonObject files = new JsonObject();
        for (String file : new TreeMap<>(base.files()).keySet()) {
            files.addProperty(file, ModelBundle.sha256(directory.resolve(file)));
        }
        root.add("files", files);
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
        Files.writeString(directory.resolve(ModelManifest.FILE_NAME), json, StandardCharsets.UTF_8);
        return ModelBundle.open(directory, directory);
    }

    private static JsonArray numbers(List<Double> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
