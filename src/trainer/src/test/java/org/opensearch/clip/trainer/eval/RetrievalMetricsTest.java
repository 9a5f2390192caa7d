package org.opensearch.clip.trainer.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetrievalMetricsTest {
    /** Unit vectors at angle a (radians) in the plane. */
    private static float[] at(double a) {
        return new float[] { (float) Math.cos(a), (float) Math.sin(a) };
    }

    @Test
    void recallCountsTheRankOfTheBestRightAnswer() {
        // gallery: 12 items at angles 0, 0.1, ..., 1.1; item i belongs to group i, except items 10 and 11 which are group 0
        float[][] gallery = new float[12][];
        int[] galleryGroups = new int[12];
        for (int i = 0; i < 12; i++) {
            gallery[i] = at(0.1 * i);
            galleryGroups[i] = i < 10 ? i : 0;
        }
        // query A sits on item 3 (rank 0); query B at 0.62 belongs to group 9 (items 4..8 are closer than item 9: rank 5);
        // query C sits on item 11 but belongs to group 0, whose best item is 11 itself (rank 0);
        // query D sits at angle 2.0, group 2: items 11..3 (9 items) score higher than item 2, so rank 9
        float[][] queries = { at(0.3), at(0.62), at(1.1), at(2.0) };
        int[] queryGroups = { 3, 9, 0, 2 };
        RecallAtK recall = RetrievalMetrics.recall(queries, queryGroups, gallery, galleryGroups);
        assertArrayEquals(new int[] { 0, 5, 0, 9 }, RetrievalMetrics.ranksByRow(RetrievalMetrics.scores(queries, gallery), queryGroups, galleryGroups));
        assertEquals(0.5, recall.at1(), 1e-12);
        assertEquals(0.5, recall.at5(), 1e-12);
        assertEquals(1.0, recall.at10(), 1e-12);
    }

    @Test
    void columnsAsQueriesGiveTheSameAsSwappingTheSides() {
        float[][] texts = { at(0.1), at(0.5), at(0.9), at(1.3) };
        int[] textGroups = { 0, 1, 1, 2 };
        float[][] images = { at(0.0), at(0.45), at(0.7), at(1.0), at(1.5), at(2.0) };
        int[] imageGroups = { 0, 1, 2, 1, 2, 0 };
        float[][] scores = RetrievalMetrics.scores(texts, images);
        assertEquals(RetrievalMetrics.recall(images, imageGroups, texts, textGroups),
            RetrievalMetrics.recallByColumn(scores, textGroups, imageGroups));
        assertEquals(RetrievalMetrics.recall(texts, textGroups, images, imageGroups),
            RetrievalMetrics.recallByRow(scores, textGroups, imageGroups));
    }

    @Test
    void recallOfRanksCountsRanksBelowEachK() {
        assertEquals(new RecallAtK(0.25, 0.5, 0.75), RetrievalMetrics.recallOfRanks(new int[] { 0, 4, 9, 10 }));
        assertEquals(new RecallAtK(0, 0, 0), RetrievalMetrics.recallOfRanks(new int[0]), "a class without prompts");
    }

    @Test
    void tiesCountAgainstTheQuery() {
        float[][] gallery = { at(0), at(0) };
        RecallAtK recall = RetrievalMetrics.recall(new float[][] { at(0) }, new int[] { 1 }, gallery, new int[] { 0, 1 });
        assertEquals(0, recall.at1(), 1e-12);
        assertEquals(1, recall.at5(), 1e-12);
    }

    @Test
    void everyQueryNeedsARightAnswer() {
        assertThrows(IllegalArgumentException.class,
            () -> RetrievalMetrics.recall(new float[][] { at(0) }, new int[] { 5 }, new float[][] { at(0) }, new int[] { 0 }));
    }

    @Test
    void zeroShotTopOneAndTopFive() {
        float[][] classes = new float[7][];
        for (int c = 0; c < 7; c++) {
            classes[c] = at(0.2 * c);
        }
        // image 0 at class 1: right; image 1 at 0.82 labelled 6: classes 4, 5, 3 are closer -> rank 3 (top-5 only);
        // image 2 at class 0 labelled 6: rank 6 (wrong)
        float[][] images = { at(0.2), at(0.82), at(0.0) };
        ZeroShotAccuracy accuracy = RetrievalMetrics.classify(images, new int[] { 1, 6, 6 }, classes);
        assertEquals(7, accuracy.classes());
        assertEquals(1 / 3.0, accuracy.top1(), 1e-12);
        assertEquals(2 / 3.0, accuracy.top5(), 1e-12);
    }
}
