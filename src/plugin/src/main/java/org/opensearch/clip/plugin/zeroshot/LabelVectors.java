package org.opensearch.clip.plugin.zeroshot;

import java.util.List;

/**
 * The text embeddings of a label set for one model: one L2-normalised vector per label (the normalised mean of its
 * prompts' embeddings), in label order.
 *
 * @param model   the model's name
 * @param version the model's version
 * @param labels  the labels
 * @param vectors one vector per label
 */
public record LabelVectors(String model, String version, List<String> labels, float[][] vectors) {

    /** The number of floats held, for the cache's budget. */
    long floats() {
        return vectors.length == 0 ? 0 : (long) vectors.length * vectors[0].length;
    }
}
