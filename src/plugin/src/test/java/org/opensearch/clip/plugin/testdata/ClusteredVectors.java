package org.opensearch.clip.plugin.testdata;

import java.util.Random;

/**
 * Synthetic clustered data for the k-NN tests and the benchmark: unit vectors scattered around random unit centres,
 * as image embeddings of a collection with themes are. Seeded, so every run indexes the same vectors.
 */
public final class ClusteredVectors {
    private ClusteredVectors() {}

    /** {@code count} unit vectors of {@code dimension} around {@code clusters} centres, spread {@code spread}. */
    public static float[][] generate(int count, int dimension, int clusters, double spread, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussian(random, dimension, 1.0);
            normalise(centres[c]);
        }
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] centre = centres[random.nextInt(clusters)];
            float[] v = gaussian(random, dimension, spread);
            for (int j = 0; j < dimension; j++) {
                v[j] += centre[j];
            }
            normalise(v);
            out[i] = v;
        }
        return out;
    }

    private static float[] gaussian(Random random, int dimension, double sigma) {
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            v[j] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }

    private static void normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) (v[j] / norm);
        }
    }
}
