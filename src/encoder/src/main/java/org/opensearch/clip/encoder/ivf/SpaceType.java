package org.opensearch.clip.encoder.ivf;

import java.util.Locale;

/**
 * How vectors are compared, named as the k-NN plugin names its space types, with the k-NN plugin's score for each
 * (the score a Lucene-engine {@code knn} query reports), so every search method ranks and scores alike.
 */
public enum SpaceType {
    /** Cosine similarity; score {@code (1 + cos) / 2}. The default: CLIP vectors are L2-normalised. */
    COSINE("cosinesimil"),
    /** Inner product; score {@code dot + 1} for a non-negative product, {@code 1 / (1 - dot)} below zero. */
    INNER_PRODUCT("innerproduct"),
    /** Euclidean distance; score {@code 1 / (1 + d²)}. */
    L2("l2");

    private final String label;

    SpaceType(String label) {
        this.label = label;
    }

    /** The k-NN plugin's name of the space ({@code cosinesimil}, {@code innerproduct}, {@code l2}). */
    public String label() {
        return label;
    }

    /** Parses a k-NN space type name. */
    public static SpaceType fromLabel(String label) {
        String wanted = label == null ? "" : label.toLowerCase(Locale.ROOT);
        for (SpaceType type : values()) {
            if (type.label.equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("space type [" + label + "] must be one of [cosinesimil, innerproduct, l2]");
    }

    /**
     * The raw similarity of two vectors of the same length, larger meaning closer: the cosine, the inner product, or
     * the negated squared Euclidean distance. A zero vector has cosine 0 with everything.
     */
    public double similarity(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        return switch (this) {
            case COSINE -> similarity(dot(a, b), dot(a, a), dot(b, b));
            case INNER_PRODUCT -> dot(a, b);
            case L2 -> -squaredDistance(a, b);
        };
    }

    /**
     * The raw similarity from the dot product and the squared lengths of the two vectors (equal to
     * {@link #similarity(float[], float[])} up to rounding); lets a caller compute each length once.
     */
    double similarity(double dot, double squaredLengthA, double squaredLengthB) {
        return switch (this) {
            case COSINE -> squaredLengthA == 0 || squaredLengthB == 0 ? 0 : dot / Math.sqrt(squaredLengthA * squaredLengthB);
            case INNER_PRODUCT -> dot;
            case L2 -> -Math.max(0, squaredLengthA + squaredLengthB - 2 * dot);
        };
    }

    /** The dot product, four products at a time. */
    static double dot(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int end = a.length - 3; i < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1 + s2 + s3;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /**
     * A scorer of documents against one query vector: {@code scorer(q).score(d)} equals {@code score(q, d)}, with what
     * depends on the query alone computed once.
     */
    public VectorScorer scorer(float[] query) {
        float[] target = query.clone();
        return switch (this) {
            case COSINE -> {
                double targetLength = dot(target, target);
                yield vector -> checked(target, vector) ? score(similarity(dot(target, vector), targetLength, dot(vector, vector))) : 0;
            }
            case INNER_PRODUCT -> vector -> checked(target, vector) ? score(dot(target, vector)) : 0;
            case L2 -> vector -> checked(target, vector) ? score(-squaredDistance(target, vector)) : 0;
        };
    }

    private static boolean checked(float[] target, float[] vector) {
        if (target.length != vector.length) {
            throw new IllegalArgumentException("vectors differ in length: " + target.length + " and " + vector.length);
        }
        return true;
    }

    /** The k-NN plugin's score of a raw {@link #similarity}; it grows with the similarity. */
    public float score(double similarity) {
        switch (this) {
            case COSINE:
                return (float) Math.max((1 + similarity) / 2, 0);
            case INNER_PRODUCT:
                return (float) (similarity < 0 ? 1 / (1 - similarity) : similarity + 1);
            default:
                return (float) (1 / (1 - similarity));
        }
    }

    /** The score of two vectors: {@code score(similarity(a, b))}. */
    public float score(float[] a, float[] b) {
        return score(similarity(a, b));
    }

    /**
     * The smallest score a document within {@code maxDistance} has, converted as the k-NN plugin converts a radial
     * {@code max_distance} for the Lucene engine: {@code (2 - d) / 2} for cosine (d = 1 - cos), the score of an
     * inner product equal to {@code d} for inner product, and {@code 1 / (1 + d)} for l2 (d a squared distance).
     */
    public float distanceToScore(float maxDistance) {
        switch (this) {
            case COSINE:
                return (2 - maxDistance) / 2;
            case INNER_PRODUCT:
                return maxDistance > 0 ? maxDistance + 1 : 1 / (1 - maxDistance);
            default:
                return 1 / (1 + maxDistance);
        }
    }

    /** Puts a freshly averaged centroid into this space's form in place: unit length for cosine, unchanged otherwise. */
    void shapeCentroid(float[] centroid) {
        if (this != COSINE) {
            return;
        }
        double sum = 0;
        for (float x : centroid) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            double inv = 1 / Math.sqrt(sum);
            for (int i = 0; i < centroid.length; i++) {
                centroid[i] = (float) (centroid[i] * inv);
            }
        }
    }
}
