package org.opensearch.clip.encoder.preprocess;

import java.util.Arrays;

/**
 * How a model wants its images: shortest side resized to {@code resize} with {@code interpolation}, a centre
 * crop of {@code size} x {@code size}, then per-channel {@code (pixel / 255 - mean) / std}.
 *
 * @param size          the side of the square the image encoder takes
 * @param resize        the length the shortest side is resized to; at least {@code size}
 * @param interpolation the resampling filter
 * @param mean          the per-channel (R, G, B) mean subtracted from pixels scaled to [0, 1]
 * @param std           the per-channel (R, G, B) standard deviation the centred pixels are divided by
 */
public record PreprocessConfig(int size, int resize, Interpolation interpolation, float[] mean, float[] std) {

    /** The largest accepted {@link #size()} and {@link #resize()}. */
    public static final int MAX_SIZE = 8192;

    /** Validates every field and copies the arrays. */
    public PreprocessConfig {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        if (resize < size || resize > MAX_SIZE) {
            throw new IllegalArgumentException(
                "resize must be between size [" + size + "] and " + MAX_SIZE + " so the centre crop fits, got " + resize
            );
        }
        if (interpolation == null) {
            throw new IllegalArgumentException("interpolation must be set");
        }
        mean = checkChannels("mean", mean, false);
        std = checkChannels("std", std, true);
    }

    private static float[] checkChannels(String name, float[] values, boolean positive) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(
                name + " must have 3 values (R, G, B), got " + (values == null ? "none" : Arrays.toString(values))
            );
        }
        for (int c = 0; c < 3; c++) {
            if (Float.isFinite(values[c]) == false || (positive && values[c] <= 0)) {
                throw new IllegalArgumentException(
                    name + "[" + c + "] must be a " + (positive ? "positive " : "") + "finite number, got " + values[c]
                );
            }
        }
        return values.clone();
    }

    /** The per-channel mean (a copy). */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviation (a copy). */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** The number of floats one preprocessed image takes: 3 x size x size. */
    public int outputLength() {
        return 3 * size * size;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessConfig that
            && size == that.size
            && resize == that.resize
            && interpolation == that.interpolation
            && Arrays.equals(mean, that.mean)
            && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * size + resize) + interpolation.hashCode()) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessConfig[size=" + size + ", resize=" + resize + ", interpolation=" + interpolation
            + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
