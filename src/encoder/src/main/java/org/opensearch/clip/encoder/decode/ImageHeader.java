package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;

/**
 * The format and pixel dimensions an encoded image's header claims, read without decoding a pixel, so that the
 * memory decoding will take can be reserved (or refused) before it is allocated.
 *
 * @param format the format recognised from the bytes
 * @param width  the width the header claims
 * @param height the height the header claims
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    /**
     * The most heap one decoded pixel takes while an image is decoded and made RGB: the reader's raster (up to 8
     * bytes for 16-bit RGBA), the 8-bit RGB copy and an EXIF-rotated copy (4 bytes each).
     */
    public static final int DECODE_BYTES_PER_PIXEL = 16;

    /** Reads the header of {@code encoded}; every failure is an {@link ImageDecodeException}. */
    public static ImageHeader read(byte[] encoded) throws ImageDecodeException {
        ImageFormat format = ImageFormat.detect(encoded);
        ImageReader reader = null;
        try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            reader = format.newHeaderReader();
            reader.setInput(in);
            return new ImageHeader(format, reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(
                "cannot decode " + format.displayName() + " image, the data is corrupt or truncated: " + e.getMessage(),
                e
            );
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** The pixels the header claims, as width times height. */
    public long pixels() {
        return (long) width * height;
    }

    /** The heap bytes decoding this image may take at most ({@link #DECODE_BYTES_PER_PIXEL} per pixel). */
    public long decodeBytes() {
        return pixels() * DECODE_BYTES_PER_PIXEL;
    }
}
