package org.opensearch.clip.encoder.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * The image preprocessing of a Hub checkpoint as manifest values: transformers' {@code preprocessor_config.json}
 * ({@code size.shortest_edge}, {@code crop_size}, {@code resample}, {@code image_mean} / {@code image_std}) or
 * OpenCLIP's {@code preprocess_cfg} (mean, std, interpolation; the tower's image size), OpenAI's mean and std and a
 * bicubic resize of the shortest side followed by a centre crop when a file says nothing.
 */
record HubPreprocessing(int resize, int crop, String interpolation, List<Double> mean, List<Double> std) {
    static final List<Double> OPENAI_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    static final List<Double> OPENAI_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    /** Defaults for a tower of {@code imageSize}. */
    static HubPreprocessing defaults(int imageSize) {
        return new HubPreprocessing(imageSize, imageSize, "bicubic", OPENAI_MEAN, OPENAI_STD);
    }

    /** From transformers' {@code preprocessor_config.json}. */
    static HubPreprocessing transformers(String json, int imageSize) throws HubCheckpointException {
        String file = HubLayout.PREPROCESSOR_CONFIG;
        JsonObject o = HubConfig.object(file, json);
        int resize = side(file, o.get("size"), "shortest_edge", imageSize);
        int crop = side(file, o.get("crop_size"), "height", resize);
        if (o.has("do_center_crop") && o.get("do_center_crop").isJsonPrimitive() && !o.get("do_center_crop").getAsBoolean()) {
            crop = resize;
        }
        if (o.has("do_resize") && o.get("do_resize").isJsonPrimitive() && !o.get("do_resize").getAsBoolean()) {
            throw new HubCheckpointException(file + ": do_resize false is not supported (images of any size must fit the tower)");
        }
        if (crop != imageSize) {
            throw new HubCheckpointException(file + ": the crop size " + crop + " is not the image tower's image_size " + imageSize);
        }
        if (resize < crop) {
            throw new HubCheckpointException(file + ": the shortest edge " + resize + " is smaller than the crop " + crop);
        }
        int resample = o.has("resample") ? o.get("resample").getAsInt() : 3;
        String interpolation = switch (resample) {
            case 3 -> "bicubic";
            case 2 -> "bilinear";
            default -> throw new HubCheckpointException(file + ": resample " + resample + " is not supported (3 bicubic, 2 bilinear)");
        };
        return new HubPreprocessing(resize, crop, interpolation, triple(file, o, "image_mean", OPENAI_MEAN), triple(file, o, "image_std", OPENAI_STD));
    }

    /** From OpenCLIP's {@code open_clip_config.json}. */
    static HubPreprocessing openClip(String json, int imageSize) throws HubCheckpointException {
        String file = HubLayout.OPEN_CLIP_CONFIG;
        JsonObject root = HubConfig.object(file, json);
        if (!root.has("preprocess_cfg") || !root.get("preprocess_cfg").isJsonObject()) {
            return defaults(imageSize);
        }
        JsonObject o = root.getAsJsonObject("preprocess_cfg");
        String interpolation = HubConfig.optString(o, "interpolation", "bicubic");
        if (!interpolation.equals("bicubic") && !interpolation.equals("bilinear")) {
            throw new HubCheckpointException(file + ": preprocess_cfg.interpolation " + interpolation + " is not supported (bicubic, bilinear)");
        }
        String mode = HubConfig.optString(o, "resize_mode", "shortest");
        if (!mode.equals("shortest")) {
            throw new HubCheckpointException(file + ": preprocess_cfg.resize_mode " + mode + " is not supported (shortest)");
        }
        return new HubPreprocessing(imageSize, imageSize, interpolation, triple(file, o, "mean", OPENAI_MEAN), triple(file, o, "std", OPENAI_STD));
    }

    private static int side(String file, JsonElement e, String key, int fallback) throws HubCheckpointException {
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return positive(file, e);
        }
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has(key)) {
                int v = positive(file, o.get(key));
                if (o.has("width") && positive(file, o.get("width")) != v) {
                    throw new HubCheckpointException(file + ": a non-square size " + e + " is not supported");
                }
                return v;
            }
        }
        throw new HubCheckpointException(file + ": size " + e + " is not supported (a number, {\"shortest_edge\": n} or {\"height\": n, \"width\": n})");
    }

    private static int positive(String file, JsonElement e) throws HubCheckpointException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() < 1 || e.getAsDouble() > 8192
            || e.getAsDouble() != Math.rint(e.getAsDouble())) {
            throw new HubCheckpointException(file + ": " + e + " is not a valid image side");
        }
        return e.getAsInt();
    }

    private static List<Double> triple(String file, JsonObject o, String key, List<Double> fallback) throws HubCheckpointException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) {
            throw new HubCheckpointException(file + ": " + key + " must be 3 numbers (R, G, B), got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        return List.of(a.get(0).getAsDouble(), a.get(1).getAsDouble(), a.get(2).getAsDouble());
    }
}
