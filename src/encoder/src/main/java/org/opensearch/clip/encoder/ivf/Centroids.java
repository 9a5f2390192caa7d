package org.opensearch.clip.encoder.ivf;

import java.util.Arrays;

/**
 * The centroids of an IVF model, one per list, and the rule that puts a vector into a list: the list whose centroid
 * is most similar to it in the model's space. Immutable.
 */
public final class Centroids {
    private final SpaceType space;
    private final float[][] rows;

    /** Copies the given centroids, which must be non-empty and of one length. */
    public Centroids(SpaceType space, float[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("an IVF model needs at least one centroid");
        }
        int dimension = centroids[0].length;
        if (dimension == 0) {
            throw new IllegalArgumentException("centroids must not be empty vectors");
        }
        this.space = space;
        this.rows = new float[centroids.length][];
        for (int i = 0; i < centroids.length; i++) {
            if (centroids[i].length != dimension) {
                throw new IllegalArgumentException("centroid " + i + " has " + centroids[i].length + " dimensions, centroid 0 has "
                    + dimension);
            }
            for (float x : centroids[i]) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("centroid " + i + " has a value that is not a finite number");
                }
            }
            rows[i] = centroids[i].clone();
        }
    }

    /** The space the centroids were trained in. */
    public SpaceType space() {
        return space;
    }

    /** The number of lists (nlist). */
    public int count() {
        return rows.length;
    }

    /** The vector length. */
    public int dimension() {
        return rows[0].length;
    }

    /** A copy of one centroid. */
    public float[] centroid(int list) {
        return rows[list].clone();
    }

    /** A copy of every centroid. */
    public float[][] toArray() {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    /** The list of a vector: its most similar centroid (the lowest list id among equals). */
    public int nearest(float[] vector) {
        checkDimension(vector);
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < rows.length; i++) {
            double s = space.similarity(vector, rows[i]);
            if (s > bestSimilarity) {
                bestSimilarity = s;
                best = i;
            }
        }
        return best;
    }

    /** The {@code n} lists most similar to a vector, most similar first ({@code n} is capped at the list count). */
    public int[] nearest(float[] vector, int n) {
        checkDimension(vector);
        if (n < 1) {
            throw new IllegalArgumentException("the number of lists to probe must be at least 1, got " + n);
        }
        int wanted = Math.min(n, rows.length);
        double[] similarity = new double[rows.length];
        Integer[] order = new Integer[rows.length];
        for (int i = 0; i < rows.length; i++) {
            similarity[i] = space.similarity(vector, rows[i]);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> similarity[a] != similarity[b] ? Double.compare(similarity[b], similarity[a]) : Integer.compare(a, b));
        int[] out = new int[wanted];
        for (int i = 0; i < wanted; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private void checkDimension(float[] vector) {
        if (vector.length != dimension()) {
            throw new IllegalArgumentException("the vector has " + vector.length + " dimensions, the IVF model " + dimension());
        }
    }
}
