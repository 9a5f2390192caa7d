package org.opensearch.clip.encoder.ivf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceTypeTest {
    private static final float[] A = {1, 2, 2};
    private static final float[] B = {2, 0, 0};

    @Test
    void labelsAreTheKnnPluginsNames() {
        assertSame(SpaceType.COSINE, SpaceType.fromLabel("cosinesimil"));
        assertSame(SpaceType.INNER_PRODUCT, SpaceType.fromLabel("innerproduct"));
        assertSame(SpaceType.L2, SpaceType.fromLabel("L2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpaceType.fromLabel("l1"));
        assertEquals("space type [l1] must be one of [cosinesimil, innerproduct, l2]", e.getMessage());
    }

    @Test
    void similarities() {
        assertEquals(2.0 / 6.0, SpaceType.COSINE.similarity(A, B), 1e-12); // dot 2, |A| 3, |B| 2
        assertEquals(2.0, SpaceType.INNER_PRODUCT.similarity(A, B), 1e-12);
        assertEquals(-(1 + 4 + 4), SpaceType.L2.similarity(A, B), 1e-12);
        assertEquals(0, SpaceType.COSINE.similarity(new float[3], A));
        assertThrows(IllegalArgumentException.class, () -> SpaceType.L2.similarity(A, new float[2]));
    }

    @Test
    void scoresAreTheKnnPluginsLuceneScores() {
        assertEquals((1 + 1.0 / 3) / 2, SpaceType.COSINE.score(A, B), 1e-6);
        assertEquals(0f, SpaceType.COSINE.score(-1.0));
        assertEquals(3f, SpaceType.INNER_PRODUCT.score(A, B), 1e-6);
        assertEquals(1f / 3, SpaceType.INNER_PRODUCT.score(-2.0), 1e-6);
        assertEquals(1f / 10, SpaceType.L2.score(A, B), 1e-6);
        assertEquals(1f, SpaceType.L2.score(A, A));
    }

    @Test
    void scoresGrowWithSimilarity() {
        for (SpaceType space : SpaceType.values()) {
            float previous = -1;
            for (double s = -3; s <= 3; s += 0.25) {
                double similarity = space == SpaceType.COSINE ? Math.max(-1, Math.min(1, s / 3)) : space == SpaceType.L2 ? -Math.abs(s - 3)
                    : s;
                float score = space.score(similarity);
                assertTrue(score >= previous, space + " at " + s);
                previous = score;
            }
        }
    }

    @Test
    void maxDistanceBecomesTheKnnPluginsRadialThreshold() {
        assertEquals(0.75f, SpaceType.COSINE.distanceToScore(0.5f), 1e-6); // cos 0.5 -> (1 + 0.5) / 2
        assertEquals(1.5f, SpaceType.INNER_PRODUCT.distanceToScore(0.5f), 1e-6);
        assertEquals(0.5f, SpaceType.INNER_PRODUCT.distanceToScore(-1f), 1e-6);
        assertEquals(0.2f, SpaceType.L2.distanceToScore(4f), 1e-6);
    }

    @Test
    void cosineCentroidsHaveUnitLength() {
        float[] c = {3, 4};
        SpaceType.COSINE.shapeCentroid(c);
        assertEquals(0.6f, c[0], 1e-6);
        assertEquals(0.8f, c[1], 1e-6);
        float[] d = {3, 4};
        SpaceType.L2.shapeCentroid(d);
        assertEquals(3f, d[0]);
    }

    @Test
    void aPreparedScorerScoresAsTheSpaceDoes() {
        java.util.Random random = new java.util.Random(9);
        for (SpaceType space : SpaceType.values()) {
            float[] query = {0.3f, -1.2f, 0.5f, 2f, 0.1f};
            VectorScorer scorer = space.scorer(query);
            for (int i = 0; i < 100; i++) {
                float[] doc = new float[5];
                for (int j = 0; j < 5; j++) {
                    doc[j] = (float) random.nextGaussian();
                }
                assertEquals(space.score(query, doc), scorer.score(doc), 1e-6, space.toString());
            }
            assertThrows(IllegalArgumentException.class, () -> scorer.score(new float[4]));
        }
    }
}
