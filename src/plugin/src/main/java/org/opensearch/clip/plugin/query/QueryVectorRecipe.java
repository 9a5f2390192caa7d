package org.opensearch.clip.plugin.query;

import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingRequest;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embed.ImageSource;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.core.action.ActionListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Embedding arithmetic of a {@code clip} query: each term (a text, an image, or a document's stored vector) with its
 * weight, negative for what the query subtracts; the query vector is the L2-normalised weighted sum of the terms'
 * unit vectors. Texts and images are embedded together, in one request in the query lane.
 */
final class QueryVectorRecipe {
    private QueryVectorRecipe() {}

    /**
     * One term.
     *
     * @param part   what the service embeds, or null for the document's stored vector
     * @param label  names the term in failure messages
     * @param weight the term's weight
     */
    record Item(EmbeddingPart part, String label, double weight) {
        static Item text(String label, String text, double weight) {
            return new Item(EmbeddingPart.text(text, 1.0), label, weight);
        }

        static Item image(String label, String image, double weight) {
            return new Item(EmbeddingPart.image(ImageSource.of(image), 1.0), label, weight);
        }

        static Item stored(double weight) {
            return new Item(null, "[clip] query_document", weight);
        }
    }

    /** The query vector of {@code items}; {@code stored} is the query document's vector (null without one). */
    static void combine(EmbeddingService service, String model, List<Item> items, float[] stored, ActionListener<float[]> listener) {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (Item item : items) {
            if (item.part() != null) {
                inputs.add(new EmbeddingInput(0, item.label(), List.of(item.part())));
            }
        }
        if (inputs.isEmpty()) {
            listener.onResponse(finish(items, List.of(), stored));
            return;
        }
        service.embed(new EmbeddingRequest(model, Lane.QUERY, inputs), ActionListener.wrap(response -> {
            List<float[]> vectors = new ArrayList<>(inputs.size());
            for (EmbeddingResult result : response.results()) {
                if (result.isFailure()) {
                    listener.onFailure(result.failure());
                    return;
                }
                vectors.add(result.vector());
            }
            float[] combined;
            try {
                combined = finish(items, vectors, stored);
            } catch (IllegalArgumentException e) {
                listener.onFailure(new IllegalArgumentException("[clip] query_document: " + e.getMessage(), e));
                return;
            }
            listener.onResponse(combined);
        }, listener::onFailure));
    }

    /** The normalised weighted sum; a single term of positive weight is its own (unit) vector. */
    static float[] finish(List<Item> items, List<float[]> embedded, float[] stored) {
        List<float[]> rows = new ArrayList<>(items.size());
        List<Double> weights = new ArrayList<>(items.size());
        int next = 0;
        for (Item item : items) {
            rows.add(item.part() == null ? stored : embedded.get(next++));
            weights.add(item.weight());
        }
        if (rows.size() == 1 && weights.get(0) >= 0) {
            return Vectors.normalize(rows.get(0).clone());
        }
        float[] vector = Vectors.weightedMean(rows, weights);
        if (isZero(vector)) {
            throw new IllegalArgumentException("the weighted terms cancel out: the query vector is zero; change the weights");
        }
        return vector;
    }

    private static boolean isZero(float[] vector) {
        for (float v : vector) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
