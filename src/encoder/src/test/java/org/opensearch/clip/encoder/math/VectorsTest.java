package org.opensearch.clip.encoder.math;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Embedding arithmetic, on vectors whose results are known by hand. */
class VectorsTest {

    @Test
    void normalizeScalesToUnitLengthInPlace() {
        float[] v = { 3f, 4f };
        assertSame(v, Vectors.normalize(v));
        assertArrayEquals(new float[] { 0.6f, 0.8f }, v, 1e-7f);
    }

    @Test
    void normalizeKeepsTheDirectionOfNegativeAndTinyVectors() {
        assertArrayEquals(new float[] { 0f, -1f, 0f }, Vectors.normalize(new float[] { 0f, -1e-20f, 0f }), 1e-7f);
        assertArrayEquals(new float[] { -0.6f, 0.8f }, Vectors.normalize(new float[] { -300f, 400f }), 1e-7f);
    }

    @Test
    void theZeroVectorStaysZeroRatherThanBecomingNaN() {
        assertArrayEquals(new float[] { 0f, 0f, 0f }, Vectors.normalize(new float[3]));
        assertArrayEquals(new float[0], Vectors.normalize(new float[0]));
    }

    @Test
    void dotIsTheSumOfProducts() {
        assertEquals(1 * 4 + 2 * -5 + 3 * 6, Vectors.dot(new float[] { 1, 2, 3 }, new float[] { 4, -5, 6 }), 0);
        assertEquals(1.0, Vectors.dot(new float[] { 0.6f, 0.8f }, new float[] { 0.6f, 0.8f }), 1e-6);
    }

    @Test
    void dotRefusesVectorsOfDifferentLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vectors.dot(new float[2], new float[3]));
        assertEquals("vectors differ in length: 2 and 3", e.getMessage());
    }

    @Test
    void weightedMeanOfOrthogonalUnitVectorsWithEqualWeightsIsTheDiagonal() {
        float[] mean = Vectors.weightedMean(List.of(new float[] { 1, 0 }, new float[] { 0, 1 }), List.of(1.0, 1.0));
        float half = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] { half, half }, mean, 1e-6f);
    }

    @Test
    void weightedMeanFollowsTheWeights() {
        // 3 * (1, 0) + 4 * (0, 1) = (3, 4) -> (0.6, 0.8)
        float[] mean = Vectors.weightedMean(List.of(new float[] { 1, 0 }, new float[] { 0, 1 }), List.of(3.0, 4.0));
        assertArrayEquals(new float[] { 0.6f, 0.8f }, mean, 1e-6f);
        // a zero weight ignores its vector
        assertArrayEquals(new float[] { 0f, 1f }, Vectors.weightedMean(List.of(new float[] { 1, 0 }, new float[] { 0, 5 }), List.of(0.0, 2.0)), 1e-6f);
    }

    @Test
    void weightedMeanOfOneVectorIsThatVectorNormalised() {
        assertArrayEquals(new float[] { 0.6f, 0.8f }, Vectors.weightedMean(List.of(new float[] { 3, 4 }), List.of(0.5)), 1e-6f);
    }

    @Test
    void weightedMeanDoesNotChangeItsInputs() {
        float[] a = { 3, 4 };
        Vectors.weightedMean(List.of(a, new float[] { 1, 1 }), List.of(1.0, 1.0));
        assertArrayEquals(new float[] { 3, 4 }, a);
    }

    @Test
    void weightedMeanOfOppositeVectorsIsTheZeroVector() {
        float[] mean = Vectors.weightedMean(List.of(new float[] { 1, 0 }, new float[] { -1, 0 }), List.of(1.0, 1.0));
        assertArrayEquals(new float[] { 0f, 0f }, mean);
    }

    @Test
    void weightedMeanRefusesBadArguments() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Vectors.weightedMean(List.of(), List.of()));
        assertEquals("need one weight per vector and at least one vector", none.getMessage());
        IllegalArgumentException unmatched = assertThrows(
            IllegalArgumentException.class,
            () -> Vectors.weightedMean(List.of(new float[2]), List.of(1.0, 2.0))
        );
        assertEquals("need one weight per vector and at least one vector", unmatched.getMessage());
        IllegalArgumentException lengths = assertThrows(
            IllegalArgumentException.class,
            () -> Vectors.weightedMean(List.of(new float[2], new float[3]), List.of(1.0, 1.0))
        );
        assertEquals("vectors differ in length: 2 and 3", lengths.getMessage());
    }
}
