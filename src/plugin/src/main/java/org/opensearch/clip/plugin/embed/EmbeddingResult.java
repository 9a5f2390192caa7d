package org.opensearch.clip.plugin.embed;

/**
 * The outcome of one input: its L2-normalised vector, or the failure of that input alone (400 for an unusable
 * image, 429 when a lane or a cap refused it, 503 when it waited too long).
 *
 * @param vector  the vector, or null when the input failed
 * @param failure why the input failed, or null
 */
public record EmbeddingResult(float[] vector, Exception failure) {

    /** A computed vector. */
    public static EmbeddingResult of(float[] vector) {
        return new EmbeddingResult(vector, null);
    }

    /** A failed input. */
    public static EmbeddingResult failed(Exception failure) {
        return new EmbeddingResult(null, failure);
    }

    /** Whether the input failed. */
    public boolean isFailure() {
        return failure != null;
    }
}
