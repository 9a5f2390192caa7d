package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RGB conversion keeps every stored 8-bit value, whatever the layout the reader chose (and a view into a larger image). */
class RgbConversionTest {

    private static BufferedImage noise(int type, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage rgb) {
        assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    private static int[] storedColours(BufferedImage image) {
        int[] expected = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < expected.length; i++) {
            expected[i] &= 0xffffff;
        }
        return expected;
    }

    @Test
    void interleavedByteImagesKeepTheirColours() {
        for (int type : new int[] { BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB }) {
            BufferedImage image = noise(type, 37, 23);
            assertArrayEquals(storedColours(image), pixels(RgbConversion.toRgb(image)), "image type " + type);
        }
    }

    @Test
    void aSubimageIsReadAtItsOwnOffset() {
        BufferedImage whole = noise(BufferedImage.TYPE_3BYTE_BGR, 50, 40);
        BufferedImage part = whole.getSubimage(7, 5, 20, 30);
        assertArrayEquals(storedColours(part), pixels(RgbConversion.toRgb(part)));
    }

    @Test
    void greyValuesAreCopiedToTheThreeChannelsWithoutGamma() {
        BufferedImage grey = new BufferedImage(9, 4, BufferedImage.TYPE_BYTE_GRAY);
        byte[] stored = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (byte) (i * 7);
        }
        int[] out = pixels(RgbConversion.toRgb(grey));
        for (int i = 0; i < stored.length; i++) {
            int v = stored[i] & 0xff;
            assertEquals(v << 16 | v << 8 | v, out[i], "pixel " + i);
        }
    }
}
