package org.opensearch.clip.plugin.zeroshot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Zero-shot ranking: cosine similarities, softmax at the logit scale over all labels, top k above a probability. */
class RankingTest {
    private static final LabelVectors LABELS = new LabelVectors("m", "1", List.of("x", "y", "z"),
        new float[][] {{1, 0}, {0, 1}, {-1, 0}});

    @Test
    void labelsComeMostSimilarFirstWithSoftmaxProbabilitiesAndRawCosines() {
        float[] image = {0.8f, 0.6f};
        List<LabelScore> top = Ranking.top(image, LABELS, 10, 3, 0);
        assertEquals(List.of("x", "y", "z"), top.stream().map(LabelScore::label).toList());
        assertEquals(0.8, top.get(0).similarity(), 1e-6);
        assertEquals(0.6, top.get(1).similarity(), 1e-6);
        double sum = Math.exp(8) + Math.exp(6) + Math.exp(-8);
        assertEquals(Math.exp(8) / sum, top.get(0).probability(), 1e-6);
        assertEquals(Math.exp(6) / sum, top.get(1).probability(), 1e-6);
        assertEquals(1.0, top.stream().mapToDouble(LabelScore::probability).sum(), 1e-9, "all labels: probabilities sum to 1");
    }

    @Test
    void topKAndMinProbabilityCutTheList() {
        float[] image = {0.8f, 0.6f};
        assertEquals(1, Ranking.top(image, LABELS, 10, 1, 0).size());
        assertEquals(List.of("x"), Ranking.top(image, LABELS, 10, 3, 0.5).stream().map(LabelScore::label).toList());
    }

    @Test
    void aVectorOfAnotherDimensionIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ranking.top(new float[3], LABELS, 10, 3, 0));
        assertEquals("the vector has 3 dimensions, the model [m]'s label embeddings 2: was it computed by another model?", e.getMessage());
    }
}
