package org.opensearch.clip.plugin.zeroshot;

/**
 * One label's score for one image.
 *
 * @param label       the label
 * @param probability its softmax probability over all labels at the model's logit scale
 * @param similarity  the raw cosine similarity of the image and label embeddings
 */
public record LabelScore(String label, double probability, double similarity) {}
