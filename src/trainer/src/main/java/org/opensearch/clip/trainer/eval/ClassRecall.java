package org.opensearch.clip.trainer.eval;

import com.google.gson.JsonObject;

/**
 * Text→image recall of the prompts of one class (an emoji's Unicode category, a folder's class): which kinds of
 * concept a model finds and which it misses.
 *
 * @param label       the class name
 * @param texts       the number of prompts whose group has this class
 * @param textToImage recall of those prompts searching every image of the split
 */
public record ClassRecall(String label, int texts, RecallAtK textToImage) {
    /** {@code {"texts": …, "recall@1": …, "recall@5": …, "recall@10": …}} (the label is the key around it). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("texts", texts);
        textToImage.toJson().entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        return json;
    }

    /** Reads {@link #toJson()}'s form under {@code label}. */
    public static ClassRecall fromJson(String label, JsonObject json) {
        return new ClassRecall(label, json.get("texts").getAsInt(), RecallAtK.fromJson(json));
    }
}
