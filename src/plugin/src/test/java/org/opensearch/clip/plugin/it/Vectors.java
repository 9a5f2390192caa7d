package org.opensearch.clip.plugin.it;

import java.util.List;

/** Vector arithmetic for checking stored embeddings. */
final class Vectors {
    private Vectors() {}

    /** A JSON array of numbers as floats. */
    static float[] of(Object jsonArray) {
        List<?> list = (List<?>) jsonArray;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    /** The L2 norm. */
    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /** The normalised sum of the given vectors. */
    static float[] normalisedSum(float[]... vectors) {
        float[] out = new float[vectors[0].length];
        for (float[] v : vectors) {
            for (int i = 0; i < out.length; i++) {
                out[i] += v[i];
            }
        }
        double norm = norm(out);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / norm);
        }
        return out;
    }

    /** The dot product (the cosine of unit vectors). */
    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The normalised weighted sum: {@code weights[i]} times {@code vectors[i]}, summed, scaled to unit length. */
    static float[] normalisedWeightedSum(double[] weights, float[]... vectors) {
        float[] out = new float[vectors[0].length];
        for (int v = 0; v < vectors.length; v++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (weights[v] * vectors[v][i]);
            }
        }
        double norm = norm(out);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / norm);
        }
        return out;
    }
}
