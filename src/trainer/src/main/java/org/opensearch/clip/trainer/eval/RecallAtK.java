package org.opensearch.clip.trainer.eval;

import com.google.gson.JsonObject;

/**
 * Recall at 1, 5 and 10: the share of queries with a right answer among the first K results.
 *
 * @param at1  recall@1
 * @param at5  recall@5
 * @param at10 recall@10
 */
public record RecallAtK(double at1, double at5, double at10) {
    /** {@code {"recall@1": …, "recall@5": …, "recall@10": …}}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("recall@1", at1);
        json.addProperty("recall@5", at5);
        json.addProperty("recall@10", at10);
        return json;
    }

    /** Reads {@link #toJson()}'s form. */
    public static RecallAtK fromJson(JsonObject json) {
        return new RecallAtK(json.get("recall@1").getAsDouble(), json.get("recall@5").getAsDouble(), json.get("recall@10").getAsDouble());
    }
}
