package org.opensearch.clip.encoder.ivf;

/**
 * What a k-means run produced.
 *
 * @param centroids    the trained centroids
 * @param iterations   the Lloyd iterations run
 * @param converged    whether it stopped before the iteration bound (no vector moved, or the tolerance was met)
 * @param objective    the mean similarity of the training vectors to their centroids in the last iteration
 * @param clusterSizes how many training vectors each list got in the last iteration
 */
public record KMeansResult(Centroids centroids, int iterations, boolean converged, double objective, int[] clusterSizes) {}
