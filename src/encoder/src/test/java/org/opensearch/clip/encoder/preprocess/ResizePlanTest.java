package org.opensearch.clip.encoder.preprocess;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The geometry of torchvision's Resize(shortest side) + CenterCrop, including its rounding rules. */
class ResizePlanTest {

    @Test
    void landscapeImagesGetTheirHeightResizedAndAreCroppedInTheMiddleColumns() {
        // 320x213: height -> 64, width = int(64 * 320 / 213) = int(96.15) = 96, left = round(32 / 2) = 16
        assertEquals(new ResizePlan(96, 64, 16, 0), ResizePlan.of(320, 213, 64, 64));
    }

    @Test
    void portraitImagesGetTheirWidthResizedAndAreCroppedInTheMiddleRows() {
        assertEquals(new ResizePlan(64, 96, 0, 16), ResizePlan.of(213, 320, 64, 64));
    }

    @Test
    void squareImagesNeedNoCrop() {
        assertEquals(new ResizePlan(224, 224, 0, 0), ResizePlan.of(512, 512, 224, 224));
    }

    @Test
    void theLongSideIsTruncatedNotRounded() {
        // 64 * 299 / 200 = 95.68: torchvision truncates to 95
        assertEquals(95, ResizePlan.of(299, 200, 64, 64).width());
    }

    @Test
    void aHalfPixelCropOffsetRoundsToEvenAsPythonDoes() {
        // 240x209 -> 73x64: (73 - 64) / 2 = 4.5 -> 4 (Math.round would give 5)
        assertEquals(new ResizePlan(73, 64, 4, 0), ResizePlan.of(240, 209, 64, 64));
        // (75 - 64) / 2 = 5.5 -> 6
        assertEquals(6, ResizePlan.of(75, 64, 64, 64).cropLeft());
    }

    @Test
    void aResizeLargerThanTheCropCentresTheCropOnBothAxes() {
        // OpenAI's 256 -> 224 style: 256x256 crop 224 starts at 16 on both axes
        assertEquals(new ResizePlan(256, 256, 16, 16), ResizePlan.of(300, 300, 256, 224));
    }

    @Test
    void veryElongatedImagesDoNotOverflow() {
        ResizePlan plan = ResizePlan.of(100_000, 3, 64, 64);
        assertEquals(64, plan.height());
        assertEquals(2_133_333, plan.width());
    }
}
