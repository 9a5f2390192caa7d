package org.opensearch.clip.encoder.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed and validated {@code clip-model.json} of a model bundle (see docs/model-bundle.md). */
public record ModelManifest(
    String name,
    String version,
    int embeddingDim,
    ImageConfig image,
    TextConfig text,
    double logitScale,
    Map<String, String> files,
    String archive
) {
    /** The manifest's file name inside a bundle. */
    public static final String FILE_NAME = "clip-model.json";
    /** The image encoder's file name inside a bundle. */
    public static final String IMAGE_ENCODER = "image_encoder.pt";
    /** The text encoder's file name inside a bundle. */
    public static final String TEXT_ENCODER = "text_encoder.pt";
    /** The tokenizer's file name inside a bundle. */
    public static final String TOKENIZER = "tokenizer.json";

    private static final List<String> REQUIRED_FILES = List.of(IMAGE_ENCODER, TEXT_ENCODER, TOKENIZER);

    /** Whether both encoders are methods ({@code encode_image}, {@code encode_text}) of one TorchScript archive. */
    public boolean isArchive() {
        return archive != null;
    }

    /** Parses and validates manifest JSON; every problem is reported with the key it concerns. */
    public static ModelManifest parse(String json) {
        JsonObject root;
        try {
            JsonElement element = JsonParser.parseString(json);
            if (!element.isJsonObject()) {
                throw fail("must be a JSON object");
            }
            root = element.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            throw new BundleException(FILE_NAME + ": not valid JSON: " + e.getMessage(), e);
        }
        int formatVersion = root.has("format_version") ? integer(root, "format_version") : 1;
        if (formatVersion != 1) {
            throw fail("format_version " + formatVersion + " is not supported (this plugin reads version 1)");
        }
        String name = string(root, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._/-]*")) {
            throw fail("name [" + name + "] may only contain letters, digits, '.', '_', '-' and '/'");
        }
        String version = string(root, "version");
        int dim = positive(root, "embedding_dim");

        JsonObject imageJson = object(root, "image");
        int size = positive(imageJson, "image.size");
        int resize = imageJson.has("resize") ? positive(imageJson, "image.resize") : size;
        if (resize < size) {
            throw fail("image.resize (" + resize + ") must be at least image.size (" + size + ")");
        }
        String interpolation = imageJson.has("interpolation") ? string(imageJson, "image.interpolation") : "bicubic";
        if (!interpolation.equals("bicubic") && !interpolation.equals("bilinear")) {
            throw fail("image.interpolation [" + interpolation + "] must be bicubic or bilinear");
        }
        String crop = imageJson.has("crop") ? string(imageJson, "image.crop") : "center";
        if (!crop.equals("center")) {
            throw fail("image.crop [" + crop + "] must be center");
        }
        List<Double> mean = triple(imageJson, "image.mean");
        List<Double> std = triple(imageJson, "image.std");
        for (double s : std) {
            if (s <= 0) {
                throw fail("image.std values must be positive, got " + std);
            }
        }

        JsonObject textJson = object(root, "text");
        int contextLength = textJson.has("context_length") ? positive(textJson, "text.context_length") : 77;
        if (contextLength < 2) {
            throw fail("text.context_length must be at least 2 (start and end tokens)");
        }
        long padId = textJson.has("pad_id") ? padId(textJson, "text.pad_id") : 0L;
        boolean mask = textJson.has("attention_mask") && bool(textJson, "text.attention_mask");

        double logitScale = root.has("logit_scale") ? positiveNumber(root, "logit_scale") : 100.0;

        JsonObject filesJson = object(root, "files");
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : filesJson.entrySet()) {
            JsonElement value = e.getValue();
            String sha = isString(value) ? value.getAsString().toLowerCase(java.util.Locale.ROOT) : value.toString();
            if (!sha.matches("[0-9a-f]{64}")) {
                throw fail("files." + e.getKey() + " must be a sha256 hex digest (64 hex characters), got [" + sha + "]");
            }
            if (e.getKey().contains("..") || e.getKey().startsWith("/")) {
                throw fail("files." + e.getKey() + " must be a plain file name inside the bundle");
            }
            files.put(e.getKey(), sha);
        }
        String archive = root.has("archive") ? string(root, "archive") : null;
        for (String required : archive == null ? REQUIRED_FILES : List.of(archive, TOKENIZER)) {
            if (!files.containsKey(required)) {
                throw fail("files must list " + required + " with its sha256");
            }
        }
        return new ModelManifest(
            name,
            version,
            dim,
            new ImageConfig(size, resize, interpolation, crop, mean, std),
            new TextConfig(contextLength, padId, mask),
            logitScale,
            java.util.Collections.unmodifiableMap(files),
            archive
        );
    }

    private static BundleException fail(String problem) {
        return new BundleException(FILE_NAME + ": " + problem);
    }

    private static JsonObject object(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        if (e == null || !e.isJsonObject()) {
            throw fail("[" + key + "] is required and must be an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject parent, String key) {
        String local = key.substring(key.lastIndexOf('.') + 1);
        JsonElement e = parent.get(local);
        if (!isString(e) || e.getAsString().isBlank()) {
            throw fail("[" + key + "] is required and must be a non-empty string");
        }
        return e.getAsString();
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    /** Whether {@code e} is a JSON number with an integral value that fits an int. */
    private static boolean isInt(JsonElement e) {
        if (!isNumber(e)) {
            return false;
        }
        double d = e.getAsDouble();
        return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    }

    private static int integer(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        if (!isInt(e)) {
            throw fail("[" + key + "] must be an integer");
        }
        return e.getAsInt();
    }

    private static int positive(JsonObject parent, String key) {
        String local = key.substring(key.lastIndexOf('.') + 1);
        JsonElement e = parent.get(local);
        if (!isInt(e) || e.getAsInt() <= 0) {
            throw fail("[" + key + "] is required and must be a positive integer");
        }
        return e.getAsInt();
    }

    private static long padId(JsonObject parent, String key) {
        JsonElement e = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (!isInt(e) || e.getAsInt() < 0) {
            throw fail("[" + key + "] must be a non-negative integer");
        }
        return e.getAsLong();
    }

    private static boolean bool(JsonObject parent, String key) {
        JsonElement e = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw fail("[" + key + "] must be true or false");
        }
        return e.getAsBoolean();
    }

    private static double positiveNumber(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        if (!isNumber(e) || !(e.getAsDouble() > 0) || Double.isInfinite(e.getAsDouble())) {
            throw fail("[" + key + "] must be a positive number");
        }
        return e.getAsDouble();
    }

    private static List<Double> triple(JsonObject parent, String key) {
        String local = key.substring(key.lastIndexOf('.') + 1);
        JsonElement e = parent.get(local);
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 3) {
            throw fail("[" + key + "] is required and must be an array of 3 numbers (R, G, B)");
        }
        JsonArray array = e.getAsJsonArray();
        List<Double> values = new ArrayList<>(3);
        for (JsonElement v : array) {
            if (!isNumber(v) || !Double.isFinite(v.getAsDouble())) {
                throw fail("[" + key + "] is required and must be an array of 3 numbers (R, G, B)");
            }
            values.add(v.getAsDouble());
        }
        return List.copyOf(values);
    }
}
