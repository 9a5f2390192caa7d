package org.opensearch.clip.trainer.eval;

/**
 * Ranking metrics over L2-normalised embeddings. A result is right when it belongs to the query's group; a query's
 * rank is the number of wrong results scoring at least as high as its best right one (ties count against it).
 */
public final class RetrievalMetrics {
    private static final int[] KS = { 1, 5, 10 };

    private RetrievalMetrics() {}

    /** Recall@1/5/10 of every query searching the gallery; every query needs a right answer in the gallery. */
    public static RecallAtK recall(float[][] queries, int[] queryGroups, float[][] gallery, int[] galleryGroups) {
        return recallByRow(scores(queries, gallery), queryGroups, galleryGroups);
    }

    /** The dot product of every row of {@code a} with every row of {@code b}: {@code [a.length][b.length]}. */
    public static float[][] scores(float[][] a, float[][] b) {
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            float[] x = a[i];
            for (int j = 0; j < b.length; j++) {
                float[] y = b[j];
                float sum = 0;
                for (int k = 0; k < x.length; k++) {
                    sum += x[k] * y[k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    /** Recall with the rows of {@code scores} as queries and its columns as the gallery. */
    public static RecallAtK recallByRow(float[][] scores, int[] rowGroups, int[] columnGroups) {
        return recallOfRanks(ranksByRow(scores, rowGroups, columnGroups));
    }

    /**
     * The rank of each row's best right column: the number of wrong columns scoring at least as high (0 = first).
     */
    public static int[] ranksByRow(float[][] scores, int[] rowGroups, int[] columnGroups) {
        int[] ranks = new int[scores.length];
        for (int q = 0; q < scores.length; q++) {
            float[] row = scores[q];
            float best = Float.NEGATIVE_INFINITY;
            boolean found = false;
            for (int g = 0; g < row.length; g++) {
                if (columnGroups[g] == rowGroups[q]) {
                    best = Math.max(best, row[g]);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("query " + q + " has no right answer in the gallery");
            }
            int rank = 0;
            for (int g = 0; g < row.length; g++) {
                if (columnGroups[g] != rowGroups[q] && row[g] >= best) {
                    rank++;
                }
            }
            ranks[q] = rank;
        }
        return ranks;
    }

    /** Recall@1/5/10 of queries with the given ranks; an empty array has recall 0. */
    public static RecallAtK recallOfRanks(int[] ranks) {
        int[] hits = new int[KS.length];
        for (int rank : ranks) {
            count(hits, rank);
        }
        return ranks.length == 0 ? new RecallAtK(0, 0, 0) : recall(hits, ranks.length);
    }

    /** Recall with the columns of {@code scores} as queries and its rows as the gallery. */
    public static RecallAtK recallByColumn(float[][] scores, int[] rowGroups, int[] columnGroups) {
        int columns = columnGroups.length;
        float[] best = new float[columns];
        boolean[] found = new boolean[columns];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < scores.length; r++) {
            for (int c = 0; c < columns; c++) {
                if (rowGroups[r] == columnGroups[c]) {
                    best[c] = Math.max(best[c], scores[r][c]);
                    found[c] = true;
                }
            }
        }
        int[] ranks = new int[columns];
        for (int r = 0; r < scores.length; r++) {
            for (int c = 0; c < columns; c++) {
                if (rowGroups[r] != columnGroups[c] && scores[r][c] >= best[c]) {
                    ranks[c]++;
                }
            }
        }
        int[] hits = new int[KS.length];
        for (int c = 0; c < columns; c++) {
            if (!found[c]) {
                throw new IllegalArgumentException("query " + c + " has no right answer in the gallery");
            }
            count(hits, ranks[c]);
        }
        return recall(hits, columns);
    }

    /** Top-1 and top-5 accuracy of classifying each image by its most similar class embedding. */
    public static ZeroShotAccuracy classify(float[][] images, int[] labels, float[][] classes) {
        float[][] scores = scores(images, classes);
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < images.length; i++) {
            float own = scores[i][labels[i]];
            int rank = 0;
            for (int c = 0; c < classes.length; c++) {
                if (c != labels[i] && scores[i][c] >= own) {
                    rank++;
                }
            }
            top1 += rank < 1 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        return new ZeroShotAccuracy(classes.length, (double) top1 / images.length, (double) top5 / images.length);
    }

    private static void count(int[] hits, int rank) {
        for (int k = 0; k < KS.length; k++) {
            if (rank < KS[k]) {
                hits[k]++;
            }
        }
    }

    private static RecallAtK recall(int[] hits, int queries) {
        double n = queries;
        return new RecallAtK(hits[0] / n, hits[1] / n, hits[2] / n);
    }
}
