package org.opensearch.clip.trainer.eval;

import com.google.gson.JsonObject;

/**
 * What {@code evaluate} measures on a held-out split.
 *
 * @param images      the number of images searched
 * @param texts       the number of distinct prompts searched
 * @param textToImage recall when each prompt searches the images
 * @param imageToText recall when each image searches the prompts
 * @param zeroShot    zero-shot classification accuracy, {@code null} for data without classes
 * @param byClass     text→image recall of each class's prompts, in class order; empty for data without classes
 */
public record EvaluationResult(
    int images,
    int texts,
    RecallAtK textToImage,
    RecallAtK imageToText,
    ZeroShotAccuracy zeroShot,
    java.util.List<ClassRecall> byClass
) {
    /** A result without a per-class breakdown. */
    public EvaluationResult(int images, int texts, RecallAtK textToImage, RecallAtK imageToText, ZeroShotAccuracy zeroShot) {
        this(images, texts, textToImage, imageToText, zeroShot, java.util.List.of());
    }

    /** Copies the per-class list. */
    public EvaluationResult {
        byClass = java.util.List.copyOf(byClass);
    }

    /** The result as JSON, the form {@code evaluate} writes. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("images", images);
        json.addProperty("texts", texts);
        json.add("text_to_image", textToImage.toJson());
        json.add("image_to_text", imageToText.toJson());
        if (zeroShot != null) {
            json.add("zero_shot", zeroShot.toJson());
        }
        if (!byClass.isEmpty()) {
            JsonObject classes = new JsonObject();
            byClass.forEach(c -> classes.add(c.label(), c.toJson()));
            json.add("text_to_image_by_class", classes);
        }
        return json;
    }

    /** Reads {@link #toJson()}'s form. */
    public static EvaluationResult fromJson(JsonObject json) {
        return new EvaluationResult(
            json.get("images").getAsInt(),
            json.get("texts").getAsInt(),
            RecallAtK.fromJson(json.getAsJsonObject("text_to_image")),
            RecallAtK.fromJson(json.getAsJsonObject("image_to_text")),
            json.has("zero_shot") ? ZeroShotAccuracy.fromJson(json.getAsJsonObject("zero_shot")) : null,
            json.has("text_to_image_by_class")
                ? json.getAsJsonObject("text_to_image_by_class")
                    .entrySet()
                    .stream()
                    .map(e -> ClassRecall.fromJson(e.getKey(), e.getValue().getAsJsonObject()))
                    .toList()
                : java.util.List.of()
        );
    }

    /** A one-line summary, e.g. {@code t→i R@1/5/10 0.12/0.40/0.55  i→t … zero-shot top1/top5 …}. */
    public String summary() {
        String line = String.format(
            java.util.Locale.ROOT,
            "text→image R@1/5/10 %.3f/%.3f/%.3f   image→text R@1/5/10 %.3f/%.3f/%.3f",
            textToImage.at1(), textToImage.at5(), textToImage.at10(), imageToText.at1(), imageToText.at5(), imageToText.at10()
        );
        if (zeroShot != null) {
            line += String.format(java.util.Locale.ROOT, "   zero-shot top1/top5 %.3f/%.3f (%d classes)", zeroShot.top1(), zeroShot.top5(), zeroShot.classes());
        }
        return line + "   (" + images + " images, " + texts + " texts)";
    }
}
