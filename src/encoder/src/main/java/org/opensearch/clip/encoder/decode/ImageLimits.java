package org.opensearch.clip.encoder.decode;

/**
 * Bounds on the images the encoder accepts: the encoded size in bytes and the decoded size in pixels.
 *
 * @param maxBytes  the largest encoded image, in bytes
 * @param maxPixels the largest decoded image, as width times height
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** Default for {@link #maxBytes()}: 10 MiB. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** Default for {@link #maxPixels()}: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** The default limits. */
    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    /** The largest byte array Java can allocate, and so the largest accepted {@code maxBytes}. */
    public static final long LARGEST_MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Validates both limits. */
    public ImageLimits {
        if (maxBytes < 1 || maxBytes > LARGEST_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + LARGEST_MAX_BYTES + ", got " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
    }

    void checkBytes(long bytes) throws ImageDecodeException {
        if (bytes > maxBytes) {
            throw new ImageDecodeException(
                "image is " + bytes + " bytes, over the limit of " + maxBytes + " bytes (clip.image.max_bytes)"
            );
        }
    }

    void checkPixels(int width, int height) throws ImageDecodeException {
        if (width < 1 || height < 1) {
            throw new ImageDecodeException("image has no pixels: its header says " + width + "x" + height);
        }
        if ((long) width * height > maxPixels) {
            throw new ImageDecodeException(
                "image is " + width + "x" + height + " pixels, over the limit of " + maxPixels + " pixels (clip.image.max_pixels)"
            );
        }
    }
}
