package org.opensearch.clip.encoder.decode;

import java.awt.image.BufferedImage;

/**
 * How far two RGB images of the same size are apart, per 8-bit channel value: the largest difference, the mean one
 * and the share of values that differ at all.
 */
record PixelDifference(int max, double mean, double differingShare) {

    static PixelDifference between(BufferedImage expected, BufferedImage actual) {
        if (expected.getWidth() != actual.getWidth() || expected.getHeight() != actual.getHeight()) {
            throw new AssertionError(
                "sizes differ: " + expected.getWidth() + "x" + expected.getHeight() + " vs " + actual.getWidth() + "x" + actual.getHeight()
            );
        }
        int max = 0;
        long sum = 0;
        long differing = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int p = expected.getRGB(x, y);
                int q = actual.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    max = Math.max(max, d);
                    sum += d;
                    differing += d == 0 ? 0 : 1;
                }
            }
        }
        double values = 3.0 * expected.getWidth() * expected.getHeight();
        return new PixelDifference(max, sum / values, differing / values);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "max %d levels, mean %.3f, %.1f%% of values differ", max, mean, 100 * differingShare);
    }
}
