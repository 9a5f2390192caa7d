package org.opensearch.clip.encoder.ivf;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Lloyd's k-means with k-means++ seeding and a bounded number of iterations. Vectors join the centroid most similar
 * to them in the given space; a centroid is the mean of its vectors (scaled to unit length for cosine). An empty list
 * is refilled with the vector that fits its own list worst, so every list ends non-empty.
 */
public final class KMeans {
    private final SpaceType space;
    private final KMeansOptions options;

    /** A k-means run in a space with the given options. */
    public KMeans(SpaceType space, KMeansOptions options) {
        this.space = space;
        this.options = options;
    }

    /**
     * Trains centroids on vectors of one length (at least as many vectors as lists).
     *
     * @throws CancellationException when the monitor asks to stop
     */
    public KMeansResult train(float[][] vectors, TrainingMonitor monitor) {
        int k = options.clusters();
        if (vectors.length < k) {
            throw new IllegalArgumentException("k-means needs at least as many vectors as lists: " + vectors.length + " vectors for "
                + k + " lists");
        }
        int dimension = vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length + " dimensions, vector 0 has " + dimension);
            }
        }
        Random random = new Random(options.seed());
        double[] lengths = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            lengths[i] = SpaceType.dot(vectors[i], vectors[i]);
        }
        float[][] centroids = seed(vectors, lengths, k, random);
        int[] assignment = new int[vectors.length];
        Arrays.fill(assignment, -1);
        double[] fit = new double[vectors.length];
        int[] sizes = new int[k];
        double previous = Double.NaN;
        double objective = Double.NaN;
        boolean converged = false;
        int iteration = 0;
        while (iteration < options.maxIterations()) {
            if (monitor.cancelled()) {
                throw new CancellationException("k-means cancelled after " + iteration + " iterations");
            }
            iteration++;
            int moved = assign(vectors, lengths, centroids, assignment, fit);
            objective = mean(fit);
            sizes = sizes(assignment, k);
            refillEmpty(assignment, fit, sizes);
            centroids = means(vectors, assignment, k, dimension);
            monitor.iteration(iteration, options.maxIterations(), objective, moved);
            if (moved == 0 || (!Double.isNaN(previous) && Math.abs(objective - previous) <= options.tolerance()
                * Math.max(Math.abs(previous), 1e-12))) {
                converged = true;
                break;
            }
            previous = objective;
        }
        return new KMeansResult(new Centroids(space, centroids), iteration, converged, objective, sizes);
    }

    /** k-means++: the first centroid uniformly, each next one with probability proportional to its squared distance. */
    private float[][] seed(float[][] vectors, double[] lengths, int k, Random random) {
        float[][] centroids = new float[k][];
        boolean[] chosen = new boolean[vectors.length];
        int first = random.nextInt(vectors.length);
        centroids[0] = shaped(vectors[first]);
        chosen[first] = true;
        double[] distance = new double[vectors.length];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int c = 0; c < k; c++) {
            if (c > 0) {
                double total = 0;
                for (double d : distance) {
                    total += d;
                }
                int pick = total > 0 ? sample(distance, total, random) : unchosen(chosen, random);
                chosen[pick] = true;
                centroids[c] = shaped(vectors[pick]);
            }
            double centroidLength = SpaceType.dot(centroids[c], centroids[c]);
            for (int i = 0; i < vectors.length; i++) {
                double d = -SpaceType.L2.similarity(SpaceType.dot(vectors[i], centroids[c]), lengths[i], centroidLength);
                distance[i] = Math.min(distance[i], d);
            }
        }
        return centroids;
    }

    private static int sample(double[] distance, double total, Random random) {
        double target = random.nextDouble() * total;
        double sum = 0;
        int last = 0;
        for (int i = 0; i < distance.length; i++) {
            if (distance[i] > 0) {
                sum += distance[i];
                last = i;
                if (sum > target) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Every vector equals a chosen centroid: take any vector not chosen yet (duplicates make identical lists). */
    private static int unchosen(boolean[] chosen, Random random) {
        int start = random.nextInt(chosen.length);
        for (int i = 0; i < chosen.length; i++) {
            int candidate = (start + i) % chosen.length;
            if (!chosen[candidate]) {
                return candidate;
            }
        }
        throw new IllegalStateException("more lists than vectors");
    }

    private float[] shaped(float[] vector) {
        float[] copy = vector.clone();
        space.shapeCentroid(copy);
        return copy;
    }

    /** Puts every vector into its most similar centroid's list; returns how many changed list. */
    private int assign(float[][] vectors, double[] lengths, float[][] centroids, int[] assignment, double[] fit) {
        double[] centroidLengths = new double[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            centroidLengths[c] = SpaceType.dot(centroids[c], centroids[c]);
        }
        int moved = 0;
        for (int i = 0; i < vectors.length; i++) {
            int best = 0;
            double bestSimilarity = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                double s = space.similarity(SpaceType.dot(vectors[i], centroids[c]), lengths[i], centroidLengths[c]);
                if (s > bestSimilarity) {
                    bestSimilarity = s;
                    best = c;
                }
            }
            if (assignment[i] != best) {
                moved++;
                assignment[i] = best;
            }
            fit[i] = bestSimilarity;
        }
        return moved;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static int[] sizes(int[] assignment, int k) {
        int[] sizes = new int[k];
        for (int list : assignment) {
            sizes[list]++;
        }
        return sizes;
    }

    /** Moves the worst-fitting vector of a list with more than one vector into each empty list. */
    private static void refillEmpty(int[] assignment, double[] fit, int[] sizes) {
        for (int list = 0; list < sizes.length; list++) {
            if (sizes[list] > 0) {
                continue;
            }
            int worst = -1;
            for (int i = 0; i < assignment.length; i++) {
                if (sizes[assignment[i]] > 1 && (worst < 0 || fit[i] < fit[worst])) {
                    worst = i;
                }
            }
            sizes[assignment[worst]]--;
            assignment[worst] = list;
            sizes[list] = 1;
            fit[worst] = Double.POSITIVE_INFINITY; // now a centroid itself: never moved again in this pass
        }
    }

    private float[][] means(float[][] vectors, int[] assignment, int k, int dimension) {
        double[][] sums = new double[k][dimension];
        int[] counts = new int[k];
        for (int i = 0; i < vectors.length; i++) {
            double[] sum = sums[assignment[i]];
            float[] v = vectors[i];
            for (int j = 0; j < dimension; j++) {
                sum[j] += v[j];
            }
            counts[assignment[i]]++;
        }
        float[][] centroids = new float[k][dimension];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dimension; j++) {
                centroids[c][j] = (float) (sums[c][j] / counts[c]);
            }
            space.shapeCentroid(centroids[c]);
        }
        return centroids;
    }
}
