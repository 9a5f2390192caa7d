package org.opensearch.clip.trainer.eval;

import org.opensearch.clip.encoder.math.Vectors;

/**
 * Ranking metrics over L2-normalised embeddings. A result is right when it belongs to the query's group; a query's
 * rank is the number of wrong results scoring at least as high as its best right one (ties count against it).
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {}

    /** Recall@1/5/10 of every query searching the gallery; every query needs a right answer in the gallery. */
    public static RecallAtK recall(float[][] queries, int[] queryGroups, float[][] gallery, int[] galleryGroups) {
        int[] hits = new int[3];
        int[] ks = { 1, 5, 10 };
        for (int q = 0; q < queries.length; q++) {
            double[] scores = new double[gallery.length];
            double best = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < gallery.length; g++) {
                scores[g] = Vectors.dot(queries[q], gallery[g]);
                if (galleryGroups[g] == queryGroups[q]) {
                    best = Math.max(best, scores[g]);
                }
            }
            if (best == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("query " + q + " has no right answer in the gallery");
            }
            int rank = 0;
            for (int g = 0; g < gallery.length; g++) {
                if (galleryGroups[g] != queryGroups[q] && scores[g] >= best) {
                    rank++;
                }
            }
            for (int k = 0; k < ks.length; k++) {
                if (rank < ks[k]) {
                    hits[k]++;
                }
            }
        }
        double n = queries.length;
        return new RecallAtK(hits[0] / n, hits[1] / n, hits[2] / n);
    }

    /** Top-1 and top-5 accuracy of classifying each image by its most similar class embedding. */
    public static ZeroShotAccuracy classify(float[][] images, int[] labels, float[][] classes) {
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < images.length; i++) {
            double own = Vectors.dot(images[i], classes[labels[i]]);
            int rank = 0;
            for (int c = 0; c < classes.length; c++) {
                if (c != labels[i] && Vectors.dot(images[i], classes[c]) >= own) {
                    rank++;
                }
            }
            top1 += rank < 1 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        return new ZeroShotAccuracy(classes.length, (double) top1 / images.length, (double) top5 / images.length);
    }
}
