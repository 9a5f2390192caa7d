package org.opensearch.clip.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's symmetric contrastive loss over the in-batch similarity matrix. Both feature sets are L2-normalised,
 * {@code logits = exp(logScale) * images · textsᵀ}, and the loss is the mean of the image→text and text→image
 * cross-entropies. The target of a row spreads evenly over the pairs of its group, so two pictures of one emoji (or
 * two photos of one class) in a batch are not pushed apart; with distinct groups this is exactly CLIP's loss.
 */
public final class ContrastiveLoss {
    private ContrastiveLoss() {}

    /** The scalar loss; {@code groups[i]} is the group number of pair i. */
    public static NDArray compute(NDArray imageFeatures, NDArray textFeatures, NDArray logScale, int[] groups) {
        int count = groups.length;
        NDArray images = normalize(imageFeatures);
        NDArray texts = normalize(textFeatures);
        NDArray logits = images.matMul(texts.transpose()).mul(logScale.exp());
        // duplicate(): into libtorch's aligned memory, so the reductions below round the same way in every run
        NDArray targets = imageFeatures.getManager().create(targets(groups), new Shape(count, count)).duplicate();
        NDArray imageToText = logits.logSoftmax(1).mul(targets).sum().neg().div(count);
        NDArray textToImage = logits.transpose().logSoftmax(1).mul(targets).sum().neg().div(count);
        return imageToText.add(textToImage).div(2);
    }

    /** Row i spreads 1 evenly over the pairs in i's group; the matrix is symmetric. */
    static float[] targets(int[] groups) {
        int n = groups.length;
        float[] targets = new float[n * n];
        for (int i = 0; i < n; i++) {
            int size = 0;
            for (int j = 0; j < n; j++) {
                if (groups[j] == groups[i]) {
                    size++;
                }
            }
            for (int j = 0; j < n; j++) {
                if (groups[j] == groups[i]) {
                    targets[i * n + j] = 1f / size;
                }
            }
        }
        return targets;
    }

    private static NDArray normalize(NDArray features) {
        return features.div(features.norm(new int[] { 1 }, true).maximum(1e-12f));
    }
}
