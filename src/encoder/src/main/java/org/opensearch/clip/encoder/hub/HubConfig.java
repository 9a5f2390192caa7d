package org.opensearch.clip.encoder.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Reads a CLIP architecture from a checkpoint's own configuration: transformers' {@code config.json} of a
 * {@code CLIPModel} ({@code vision_config} / {@code text_config}) or OpenCLIP's {@code open_clip_config.json}
 * ({@code model_cfg}). Only what the weight programs can run is accepted; anything else is refused by name.
 */
final class HubConfig {
    private HubConfig() {}

    /** transformers' {@code config.json}. */
    static ClipArchitecture transformers(String json) throws HubCheckpointException {
        String file = HubLayout.CONFIG;
        JsonObject root = object(file, json);
        if (root.has("model_type") && !"clip".equals(root.get("model_type").getAsString())) {
            throw new HubCheckpointException(file + ": model_type " + root.get("model_type") + " is not clip (CLIPModel)");
        }
        JsonObject v = child(file, root, "vision_config");
        JsonObject t = child(file, root, "text_config");
        String vAct = optString(v, "hidden_act", "quick_gelu");
        String tAct = optString(t, "hidden_act", "quick_gelu");
        if (!vAct.equals(tAct) || !(vAct.equals("quick_gelu") || vAct.equals("gelu"))) {
            throw new HubCheckpointException(file + ": hidden_act " + vAct + " / " + tAct + " is not supported (quick_gelu or gelu in both towers)");
        }
        double eps = optNumber(v, "layer_norm_eps", 1e-5);
        if (eps != optNumber(t, "layer_norm_eps", 1e-5)) {
            throw new HubCheckpointException(file + ": the towers' layer_norm_eps differ, which is not supported");
        }
        ClipArchitecture.Tower vision = new ClipArchitecture.Tower(integer(file, v, "vision_config.hidden_size", 768),
            integer(file, v, "vision_config.num_hidden_layers", 12), integer(file, v, "vision_config.num_attention_heads", 12),
            integer(file, v, "vision_config.intermediate_size", 3072), integer(file, v, "vision_config.patch_size", 32),
            integer(file, v, "vision_config.image_size", 224), 0, 0);
        ClipArchitecture.Tower text = new ClipArchitecture.Tower(integer(file, t, "text_config.hidden_size", 512),
            integer(file, t, "text_config.num_hidden_layers", 12), integer(file, t, "text_config.num_attention_heads", 8),
            integer(file, t, "text_config.intermediate_size", 2048), 0, 0, integer(file, t, "text_config.max_position_embeddings", 77),
            integer(file, t, "text_config.vocab_size", 49408));
        long eos = t.has("eos_token_id") ? integer(file, t, "text_config.eos_token_id", 2) : 2;
        // transformers: eos_token_id 2 is the legacy default of configs made before it was used; the end token is then the largest id
        return check(file, new ClipArchitecture(ClipArchitecture.Layout.TRANSFORMERS, vision, text,
            integer(file, root, "projection_dim", 512), vAct.equals("quick_gelu"), eps, eos == 2 ? -1 : eos));
    }

    /** OpenCLIP's {@code open_clip_config.json}. */
    static ClipArchitecture openClip(String json) throws HubCheckpointException {
        String file = HubLayout.OPEN_CLIP_CONFIG;
        JsonObject root = object(file, json);
        JsonObject m = child(file, root, "model_cfg");
        JsonObject v = child(file, m, "vision_cfg");
        JsonObject t = child(file, m, "text_cfg");
        for (String unsupported : new String[] { "timm_model_name", "hf_model_name" }) {
            if (v.has(unsupported) && !v.get(unsupported).isJsonNull() || t.has(unsupported) && !t.get(unsupported).isJsonNull()) {
                throw new HubCheckpointException(file + ": towers from " + unsupported + " are not supported (only OpenCLIP's own ViT and text transformer)");
            }
        }
        if (v.has("layers") && !v.get("layers").isJsonPrimitive()) {
            throw new HubCheckpointException(file + ": vision_cfg.layers is a list: ResNet image towers are not supported");
        }
        for (String flag : new String[] { "no_ln_pre", "final_ln_after_pool", "attentional_pool", "global_average_pool" }) {
            if (v.has(flag) && v.get(flag).isJsonPrimitive() && v.get(flag).getAsBoolean()) {
                throw new HubCheckpointException(file + ": vision_cfg." + flag + " is not supported");
            }
        }
        if (t.has("pool_type") && !"argmax".equals(t.get("pool_type").getAsString())) {
            throw new HubCheckpointException(file + ": text_cfg.pool_type " + t.get("pool_type") + " is not supported (argmax)");
        }
        int vWidth = integer(file, v, "vision_cfg.width", 768);
        int headWidth = integer(file, v, "vision_cfg.head_width", 64);
        double mlp = optNumber(v, "mlp_ratio", 4.0);
        int tWidth = integer(file, t, "text_cfg.width", 512);
        if (vWidth % headWidth != 0) {
            throw new HubCheckpointException(file + ": vision_cfg.width " + vWidth + " is not a multiple of head_width " + headWidth);
        }
        ClipArchitecture.Tower vision = new ClipArchitecture.Tower(vWidth, integer(file, v, "vision_cfg.layers", 12), vWidth / headWidth,
            (int) (vWidth * mlp), integer(file, v, "vision_cfg.patch_size", 32), integer(file, v, "vision_cfg.image_size", 224), 0, 0);
        ClipArchitecture.Tower text = new ClipArchitecture.Tower(tWidth, integer(file, t, "text_cfg.layers", 12),
            integer(file, t, "text_cfg.heads", 8), (int) (tWidth * optNumber(t, "mlp_ratio", 4.0)), 0, 0,
            integer(file, t, "text_cfg.context_length", 77), integer(file, t, "text_cfg.vocab_size", 49408));
        boolean quick = m.has("quick_gelu") && m.get("quick_gelu").getAsBoolean();
        return check(file, new ClipArchitecture(ClipArchitecture.Layout.OPEN_CLIP, vision, text, integer(file, m, "model_cfg.embed_dim", 512),
            quick, 1e-5, -1));
    }

    private static ClipArchitecture check(String file, ClipArchitecture a) throws HubCheckpointException {
        for (var tower : new ClipArchitecture.Tower[] { a.vision(), a.text() }) {
            if (tower.width() % tower.heads() != 0) {
                throw new HubCheckpointException(file + ": width " + tower.width() + " is not a multiple of the " + tower.heads() + " heads");
            }
        }
        if (a.vision().imageSize() % a.vision().patchSize() != 0) {
            throw new HubCheckpointException(file + ": image size " + a.vision().imageSize() + " is not a multiple of the patch size "
                + a.vision().patchSize());
        }
        return a;
    }

    static JsonObject object(String file, String json) throws HubCheckpointException {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (RuntimeException e) {
            throw new HubCheckpointException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        throw new HubCheckpointException(file + ": not a JSON object");
    }

    static JsonObject child(String file, JsonObject parent, String key) throws HubCheckpointException {
        JsonElement e = parent.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new HubCheckpointException(file + ": [" + key + "] is required and must be an object");
        }
        return e.getAsJsonObject();
    }

    static int integer(String file, JsonObject o, String key, int fallback) throws HubCheckpointException {
        String local = key.substring(key.lastIndexOf('.') + 1);
        JsonElement e = o.get(local);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble())
            || e.getAsDouble() <= 0 || e.getAsDouble() > 1 << 20) {
            throw new HubCheckpointException(file + ": [" + key + "] must be a positive integer, got " + e);
        }
        return e.getAsInt();
    }

    static String optString(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    static double optNumber(JsonObject o, String key, double fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : fallback;
    }
}
