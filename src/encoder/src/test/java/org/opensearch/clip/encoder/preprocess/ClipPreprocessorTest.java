package org.opensearch.clip.encoder.preprocess;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link ClipPreprocessor} hands the image encoder: layout, normalisation and its refusals. */
class ClipPreprocessorTest {
    private static final float[] MEAN = { 0.48145466f, 0.4578275f, 0.40821073f };
    private static final float[] STD = { 0.26862954f, 0.26130258f, 0.27577711f };

    private static ClipPreprocessor preprocessor(int size, int resize) {
        return new ClipPreprocessor(new PreprocessConfig(size, resize, Interpolation.BICUBIC, MEAN, STD));
    }

    private static double normalised(int value, int channel) {
        return (value / 255.0 - MEAN[channel]) / STD[channel];
    }

    @Test
    void anImageOfTheModelSizeIsOnlyNormalisedIntoChannelPlanes() {
        int size = 8;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        float[] out = preprocessor(size, size).preprocess(image);

        assertEquals(3 * size * size, out.length);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int[] channels = { (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff };
                for (int c = 0; c < 3; c++) {
                    float value = out[c * size * size + y * size + x];
                    assertEquals(normalised(channels[c], c), value, 1e-6, "channel " + c + " at (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void resizingASolidColourKeepsItExactlyIncludingTheExtremes() {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        int[] colour = { 0, 200, 255 };
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                image.setRGB(x, y, colour[0] << 16 | colour[1] << 8 | colour[2]);
            }
        }
        float[] out = preprocessor(64, 64).preprocess(image);
        for (int i = 0; i < out.length; i++) {
            int c = i / (64 * 64);
            assertEquals(normalised(colour[c], c), out[i], 1e-6, "element " + i);
        }
    }

    @Test
    void theCropIsTakenFromTheMiddleOfTheLongSide() {
        // 96x32: left third red, middle third green, right third blue; resize 32 keeps it, crop 32 is the middle
        BufferedImage image = new BufferedImage(96, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 96; x++) {
                image.setRGB(x, y, x < 32 ? 0xff0000 : x < 64 ? 0x00ff00 : 0x0000ff);
            }
        }
        float[] out = preprocessor(32, 32).preprocess(image);
        int plane = 32 * 32;
        for (int i = 0; i < plane; i++) {
            assertEquals(normalised(0, 0), out[i], 1e-6, "red at " + i);
            assertEquals(normalised(255, 1), out[plane + i], 1e-6, "green at " + i);
            assertEquals(normalised(0, 2), out[2 * plane + i], 1e-6, "blue at " + i);
        }
    }

    @Test
    void aBatchIsFilledInPlaceFromAnOffset() {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        ClipPreprocessor preprocessor = preprocessor(4, 4);
        float[] batch = new float[2 * 48 + 1];
        batch[0] = 7f;
        preprocessor.preprocess(image, batch, 1);
        assertEquals(7f, batch[0], "the value before the offset is untouched");
        assertEquals(normalised(0, 0), batch[1], 1e-6);
        assertEquals(0f, batch[49], "nothing is written past one image");
    }

    @Test
    void refusesImagesThatAreNotIntRgb() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> preprocessor(4, 4).preprocess(grey));
        assertTrue(e.getMessage().contains("TYPE_INT_RGB"), e.getMessage());
    }

    @Test
    void refusesAnOutputArrayTooSmallForTheImage() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class,
            () -> preprocessor(4, 4).preprocess(image, new float[60], 20)
        );
        assertEquals("output needs 48 floats from offset 20 but the array has 60", e.getMessage());
    }

    @Test
    void theConfigurationRefusesImpossibleValuesNamingThem() {
        assertMessage("size must be between 1 and 8192, got 0", () -> new PreprocessConfig(0, 0, Interpolation.BICUBIC, MEAN, STD));
        assertMessage(
            "resize must be between size [224] and 8192 so the centre crop fits, got 200",
            () -> new PreprocessConfig(224, 200, Interpolation.BICUBIC, MEAN, STD)
        );
        assertMessage("interpolation must be set", () -> new PreprocessConfig(4, 4, null, MEAN, STD));
        assertMessage("mean must have 3 values (R, G, B), got [0.5]", () -> new PreprocessConfig(4, 4, Interpolation.BICUBIC, new float[] { 0.5f }, STD));
        assertMessage(
            "std[1] must be a positive finite number, got 0.0",
            () -> new PreprocessConfig(4, 4, Interpolation.BICUBIC, MEAN, new float[] { 0.2f, 0f, 0.2f })
        );
        assertMessage(
            "mean[2] must be a finite number, got NaN",
            () -> new PreprocessConfig(4, 4, Interpolation.BICUBIC, new float[] { 0f, 0f, Float.NaN }, STD)
        );
    }

    @Test
    void theConfigurationKeepsItsOwnCopyOfMeanAndStd() {
        float[] mean = MEAN.clone();
        PreprocessConfig config = new PreprocessConfig(4, 4, Interpolation.BICUBIC, mean, STD);
        mean[0] = 99f;
        config.mean()[1] = 99f;
        assertEquals(MEAN[0], config.mean()[0]);
        assertEquals(MEAN[1], config.mean()[1]);
        assertEquals(new PreprocessConfig(4, 4, Interpolation.BICUBIC, MEAN.clone(), STD.clone()), config);
    }

    @Test
    void interpolationNamesAreTheManifestOnes() {
        assertEquals(Interpolation.BICUBIC, Interpolation.fromName("bicubic"));
        assertEquals(Interpolation.BILINEAR, Interpolation.fromName("BiLinear"));
        assertMessage("unknown interpolation [nearest], expected [bicubic] or [bilinear]", () -> Interpolation.fromName("nearest"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aTwoMillionPixelLineIsResizedWithinTheCropWindowOnly() {
        // 2,000,000 x 1: the short side becomes 64 and the long side 128,000,000; weights for that whole axis would
        // take gigabytes, the crop window needs 64 columns of them
        int width = 2_000_000;
        BufferedImage image = new BufferedImage(width, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, 0, x < width / 2 ? 0x0000ff : 0xff0000);
        }
        float[] out = preprocessor(64, 64).preprocess(image);
        // the crop is the middle 64 of 128 M columns, where the blue half meets the red half: blue on the window's
        // left, red on its right
        int plane = 64 * 64;
        assertTrue(out[2 * plane] > normalised(200, 2) && out[0] < normalised(55, 0), "blue at the window's left edge");
        assertTrue(out[63] > normalised(200, 0) && out[2 * plane + 63] < normalised(55, 2), "red at the window's right edge");
    }

    @Test
    void aResizedAxisThatWouldNotFitInAnIntIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResizePlan.of(40_000_000, 1, 64, 64));
        assertTrue(e.getMessage().contains("aspect ratio is too extreme"), e.getMessage());
        assertTrue(e.getMessage().contains("40000000x1"), e.getMessage());
    }

    @Test
    void theWindowedResizeEqualsTheFullResizeOfTheSameImage() {
        // a long image whose crop window sits in the middle of the resized axis: every output pixel of the window
        // must be what resizing the whole axis gives
        BufferedImage image = new BufferedImage(997, 13, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 997; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ResizePlan plan = ResizePlan.of(997, 13, 16, 16);
        int[] window = Resampler.resize(image, Interpolation.BICUBIC, plan.width(), plan.height(), plan.cropLeft(), plan.cropTop(), 16, 16);
        int[] full = Resampler.resize(image, Interpolation.BICUBIC, plan.width(), plan.height(), 0, 0, plan.width(), plan.height());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(full[(plan.cropTop() + y) * plan.width() + plan.cropLeft() + x], window[y * 16 + x], "pixel " + x + "," + y);
            }
        }
    }
}
