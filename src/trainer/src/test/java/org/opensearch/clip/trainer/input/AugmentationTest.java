package org.opensearch.clip.trainer.input;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {
    private static final int SIZE = 8;

    /** Three planes whose left half is {@code left} and right half {@code right}, at {@code offset} of the array. */
    private static float[] halves(int offset, float left, float right) {
        float[] pixels = new float[offset + 3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < SIZE; row++) {
                for (int col = 0; col < SIZE; col++) {
                    pixels[offset + c * SIZE * SIZE + row * SIZE + col] = col < SIZE / 2 ? left : right;
                }
            }
        }
        return pixels;
    }

    @Test
    void noAugmentationLeavesThePictureAsItIs() {
        float[] pixels = halves(5, 1, -1);
        Augmentation.NONE.apply(pixels, 5, SIZE);
        assertArrayEquals(halves(5, 1, -1), pixels);
    }

    @Test
    void aMirrorSwapsLeftAndRight() {
        float[] pixels = halves(0, 1, -1);
        new Augmentation(1, 0, 0, true).apply(pixels, 0, SIZE);
        assertArrayEquals(halves(0, -1, 1), pixels);
    }

    @Test
    void aCropOfTheLeftHalfShowsOnlyTheLeftHalf() {
        float[] pixels = halves(0, 1, -1);
        new Augmentation(0.375, 0, 0.3, false).apply(pixels, 0, SIZE);
        for (float v : pixels) {
            assertEquals(1f, v, 1e-6);
        }
        float[] right = halves(0, 1, -1);
        new Augmentation(0.375, 1, 1, false).apply(right, 0, SIZE);
        for (float v : right) {
            assertEquals(-1f, v, 1e-6);
        }
    }

    @Test
    void drawnCropsStayInsideThePictureAndFollowTheSeed() {
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        int mirrored = 0;
        for (int i = 0; i < 200; i++) {
            Augmentation drawn = Augmentation.draw(a, 0.7);
            assertEquals(drawn, Augmentation.draw(b, 0.7));
            assertTrue(drawn.scale() >= 0.7 && drawn.scale() <= 1, drawn.toString());
            mirrored += drawn.mirror() ? 1 : 0;
        }
        assertTrue(mirrored > 60 && mirrored < 140, mirrored + " of 200 mirrored");
    }

    @Test
    void aCropOutsideThePictureIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(0.5, 1.5, 0, false));
    }
}
