package org.opensearch.clip.encoder.model;

/** Preprocessed images, {@code float[count, 3, size, size]} in one row-major array, ready for the image encoder. */
public record PixelBatch(float[] data, int count, int size) {
    public PixelBatch {
        if (data.length != count * 3 * size * size) {
            throw new IllegalArgumentException("pixel batch of " + count + " images of " + size + "px needs "
                + count * 3 * size * size + " values, got " + data.length);
        }
    }
}
