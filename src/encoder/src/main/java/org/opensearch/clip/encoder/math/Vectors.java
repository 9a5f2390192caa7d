package org.opensearch.clip.encoder.math;

import java.util.List;

/** Embedding arithmetic: L2 normalisation, dot products and weighted means of vectors. */
public final class Vectors {
    private Vectors() {}

    /** Scales a vector to unit L2 length in place and returns it; a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** The dot product of two vectors of the same length (the cosine for unit vectors). */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The L2-normalised weighted sum of vectors of the same length. */
    public static float[] weightedMean(List<float[]> vectors, List<Double> weights) {
        if (vectors.isEmpty() || vectors.size() != weights.size()) {
            throw new IllegalArgumentException("need one weight per vector and at least one vector");
        }
        float[] out = new float[vectors.get(0).length];
        for (int v = 0; v < vectors.size(); v++) {
            float[] vector = vectors.get(v);
            if (vector.length != out.length) {
                throw new IllegalArgumentException("vectors differ in length: " + out.length + " and " + vector.length);
            }
            double w = weights.get(v);
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (w * vector[i]);
            }
        }
        return normalize(out);
    }
}
