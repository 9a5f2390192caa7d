package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact scores are the scores Lucene gives the k-NN plugin's Lucene-engine fields of each space type. */
class SpaceTypeMatchesLuceneTest {
    @Test
    void sameScoresAsTheLuceneFunctionsTheKnnPluginUses() {
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            float[] a = new float[16];
            float[] b = new float[16];
            float scale = trial % 2 == 0 ? 0.1f : 2f;
            for (int i = 0; i < 16; i++) {
                a[i] = (float) random.nextGaussian() * scale;
                b[i] = (float) random.nextGaussian() * scale;
            }
            assertEquals(VectorSimilarityFunction.COSINE.compare(a, b), SpaceType.COSINE.score(a, b), 1e-5);
            assertEquals(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT.compare(a, b), SpaceType.INNER_PRODUCT.score(a, b), 1e-4);
            assertEquals(VectorSimilarityFunction.EUCLIDEAN.compare(a, b), SpaceType.L2.score(a, b), 1e-6);
        }
    }
}
