package org.opensearch.clip.plugin.embed;

import java.util.List;

/**
 * What a caller asks the embedding service for: one vector per input, with one model, in one lane.
 *
 * @param model  the model name, or null for the node's default
 * @param lane   the queue the work waits in
 * @param inputs the vectors to compute, in order
 */
public record EmbeddingRequest(String model, Lane lane, List<EmbeddingInput> inputs) {

    /** Copies the inputs. */
    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
    }
}
