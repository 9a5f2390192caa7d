package org.opensearch.clip.trainer.input;

import java.util.SplittableRandom;

/**
 * A random crop and mirror of a preprocessed picture: the square of side {@code scale} (a share of the picture's)
 * whose top-left corner lies at {@code (x, y)} (shares of the room left), resampled bilinearly back to the full size,
 * then mirrored left to right when {@code mirror} is set. Applied to the normalised channel planes the model reads,
 * so a picture is decoded and preprocessed exactly as at serving time and only then varied.
 *
 * @param scale  the crop's side as a share of the picture's, in (0, 1]
 * @param x      where the crop starts horizontally, as a share of the room left ({@code 1 - scale}), in [0, 1]
 * @param y      the same vertically
 * @param mirror whether the result is mirrored left to right
 */
public record Augmentation(double scale, double x, double y, boolean mirror) {
    /** The picture as it is. */
    public static final Augmentation NONE = new Augmentation(1, 0, 0, false);

    private static final int CHANNELS = 3;

    /** Validates the shares. */
    public Augmentation {
        if (!(scale > 0 && scale <= 1) || !(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("crop scale must be in (0, 1] and its position in [0, 1], got " + scale + ", " + x + ", " + y);
        }
    }

    /** A crop of side in [{@code minScale}, 1] at a random place, mirrored half the time. */
    public static Augmentation draw(SplittableRandom random, double minScale) {
        double scale = minScale + (1 - minScale) * random.nextDouble();
        return new Augmentation(scale, random.nextDouble(), random.nextDouble(), random.nextBoolean());
    }

    /** Crops and mirrors the {@code size} x {@code size} RGB planes stored at {@code offset} of {@code pixels} in place. */
    public void apply(float[] pixels, int offset, int size) {
        if (scale == 1 && !mirror) {
            return;
        }
        int plane = size * size;
        float[] source = new float[plane];
        double side = scale * size;
        double left = x * (size - side);
        double top = y * (size - side);
        double step = side / size;
        for (int c = 0; c < CHANNELS; c++) {
            int base = offset + c * plane;
            System.arraycopy(pixels, base, source, 0, plane);
            for (int row = 0; row < size; row++) {
                double sy = clamp(top + (row + 0.5) * step - 0.5, size);
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(y0 + 1, size - 1);
                double fy = sy - y0;
                for (int col = 0; col < size; col++) {
                    double sx = clamp(left + (col + 0.5) * step - 0.5, size);
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(x0 + 1, size - 1);
                    double fx = sx - x0;
                    double top0 = source[y0 * size + x0] * (1 - fx) + source[y0 * size + x1] * fx;
                    double bottom = source[y1 * size + x0] * (1 - fx) + source[y1 * size + x1] * fx;
                    int target = mirror ? size - 1 - col : col;
                    pixels[base + row * size + target] = (float) (top0 * (1 - fy) + bottom * fy);
                }
            }
        }
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
