package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.clip.encoder.math.Vectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks labels for one image vector as CLIP's zero-shot classifier does: cosine similarities, scaled by the model's
 * logit scale, softmax over every label; the top {@code k} with at least {@code minProbability}.
 */
public final class Ranking {
    private Ranking() {}

    /** The best labels, most probable first (ties: label order). */
    public static List<LabelScore> top(float[] image, LabelVectors labels, double logitScale, int k, double minProbability) {
        int n = labels.vectors().length;
        if (n > 0 && image.length != labels.vectors()[0].length) {
            throw new IllegalArgumentException("the vector has " + image.length + " dimensions, the model [" + labels.model()
                + "]'s label embeddings " + labels.vectors()[0].length + ": was it computed by another model?");
        }
        double[] cosines = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            cosines[i] = Vectors.dot(image, labels.vectors()[i]);
            max = Math.max(max, logitScale * cosines[i]);
        }
        double[] exp = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            exp[i] = Math.exp(logitScale * cosines[i] - max);
            sum += exp[i];
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -cosines[i]).thenComparingInt(i -> i));
        List<LabelScore> out = new ArrayList<>(Math.min(k, n));
        for (int r = 0; r < n && out.size() < k; r++) {
            int i = order[r];
            double probability = exp[i] / sum;
            if (probability < minProbability) {
                break;
            }
            out.add(new LabelScore(labels.labels().get(i), probability, cosines[i]));
        }
        return out;
    }
}
