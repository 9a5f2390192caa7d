package org.opensearch.clip.trainer.eval;

import com.google.gson.JsonObject;

/**
 * Zero-shot classification accuracy with prompt-template ensembling.
 *
 * @param classes the number of classes
 * @param top1    the share of images whose class scores highest
 * @param top5    the share of images whose class is among the five highest
 */
public record ZeroShotAccuracy(int classes, double top1, double top5) {
    /** {@code {"classes": …, "top1": …, "top5": …}}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("classes", classes);
        json.addProperty("top1", top1);
        json.addProperty("top5", top5);
        return json;
    }

    /** Reads {@link #toJson()}'s form. */
    public static ZeroShotAccuracy fromJson(JsonObject json) {
        return new ZeroShotAccuracy(json.get("classes").getAsInt(), json.get("top1").getAsDouble(), json.get("top5").getAsDouble());
    }
}
