package org.opensearch.clip.encoder.ivf;

/** Scores document vectors against a query vector fixed in advance, with the k-NN plugin's score of a space. */
@FunctionalInterface
public interface VectorScorer {
    /** The score of a document vector of the query's length. */
    float score(float[] vector);
}
