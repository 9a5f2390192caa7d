package org.opensearch.clip.trainer.train;

import ai.djl.ndarray.NDArray;

/**
 * A parameter the optimizer updates in place.
 *
 * @param name  a unique name, e.g. {@code image.conv1.weight}; checkpoints key optimizer state by it
 * @param array the live tensor
 * @param decay whether weight decay applies (matrices and embeddings; not biases, norm gains or the temperature)
 */
public record TrainableParameter(String name, NDArray array, boolean decay) {}
