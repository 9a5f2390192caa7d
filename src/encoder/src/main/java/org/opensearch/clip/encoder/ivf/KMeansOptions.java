package org.opensearch.clip.encoder.ivf;

/**
 * The settings of one k-means run.
 *
 * @param clusters      the number of lists (nlist)
 * @param maxIterations the most Lloyd iterations after the k-means++ seeding
 * @param tolerance     stop when the mean similarity improves by less than this fraction between two iterations
 * @param seed          the random seed of the seeding; the same data and seed give the same centroids
 */
public record KMeansOptions(int clusters, int maxIterations, double tolerance, long seed) {
    /** The default iteration bound. */
    public static final int DEFAULT_MAX_ITERATIONS = 25;
    /** The default convergence tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** The default seed. */
    public static final long DEFAULT_SEED = 42;

    /** Checks the ranges. */
    public KMeansOptions {
        if (clusters < 1 || clusters > 65_536) {
            throw new IllegalArgumentException("nlist must be between 1 and 65536, got " + clusters);
        }
        if (maxIterations < 1 || maxIterations > 1000) {
            throw new IllegalArgumentException("max_iterations must be between 1 and 1000, got " + maxIterations);
        }
        if (!(tolerance >= 0) || tolerance >= 1) {
            throw new IllegalArgumentException("tolerance must be at least 0 and below 1, got " + tolerance);
        }
    }
}
