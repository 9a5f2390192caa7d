package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP and WebP bytes into an upright 8-bit {@code TYPE_INT_RGB} image, with
 * the pixels PIL gives CLIP's reference preprocessing. The format is recognised from the bytes; an arithmetic-coded
 * JPEG is refused; embedded ICC profiles are removed from JPEG and WebP before reading, because PIL ignores them;
 * CMYK JPEGs are converted with PIL's formula ({@link JpegCmyk}); the pixel limit is checked against the header
 * before any pixel is decoded; EXIF orientation is applied; alpha is dropped and 16-bit samples reduced as
 * {@link RgbConversion} describes. JPEGs stored as YCbCr, RGB or greyscale are decoded by libjpeg-turbo
 * ({@link LibTurboJpeg}) when it is installed, to the same pixels as the JDK reader, faster. Thread-safe: every call
 * uses its own reader.
 */
public final class ImageDecoder {

    private final ImageLimits limits;
    private final Optional<LibTurboJpeg> turboJpeg;

    /** Creates a decoder that refuses images over {@code limits}. */
    public ImageDecoder(ImageLimits limits) {
        this(limits, true);
    }

    /** The same, with libjpeg-turbo left unused when {@code turboJpeg} is false (to compare the two JPEG paths). */
    public ImageDecoder(ImageLimits limits, boolean turboJpeg) {
        this.limits = limits;
        this.turboJpeg = turboJpeg ? LibTurboJpeg.instance() : Optional.empty();
    }

    /** Whether JPEGs are decoded by libjpeg-turbo here (the library is installed and passed its probe). */
    public boolean usesTurboJpeg() {
        return turboJpeg.isPresent();
    }

    /** Decodes {@code encoded} into an upright RGB image; every failure is an {@link ImageDecodeException}. */
    public BufferedImage decode(byte[] encoded) throws ImageDecodeException {
        limits.checkBytes(encoded.length);
        ImageFormat format = ImageFormat.detect(encoded);
        List<JpegSegment> jpegSegments = format == ImageFormat.JPEG ? JpegSegments.read(encoded) : List.of();
        JpegCoding.requireHuffman(jpegSegments);
        boolean storedCmyk = JpegCmyk.isStoredCmyk(encoded, jpegSegments);
        if (format == ImageFormat.JPEG && storedCmyk == false && turboJpeg.isPresent()) {
            Optional<BufferedImage> rgb = turboJpeg.get().decode(encoded, limits);
            if (rgb.isPresent()) {
                return ExifOrientation.of(format, encoded).apply(rgb.get());
            }
        }
        BufferedImage stored = readPixels(format, readerInput(format, encoded, jpegSegments), storedCmyk);
        return ExifOrientation.of(format, encoded).apply(RgbConversion.toRgb(stored));
    }

    /** The bytes the reader gets: the stored samples without any colour profile that would make it convert them. */
    private static byte[] readerInput(ImageFormat format, byte[] encoded, List<JpegSegment> jpegSegments) {
        return switch (format) {
            case JPEG -> JpegProfileRemoval.withoutProfile(encoded, jpegSegments);
            case WEBP -> WebpProfileRemoval.withoutProfile(encoded);
            case PNG, GIF, BMP -> encoded;
        };
    }

    private BufferedImage readPixels(ImageFormat format, byte[] input, boolean storedCmyk) throws ImageDecodeException {
        ImageReader reader = null;
        try (ImageInputStream in = new ByteArrayImageInputStream(input)) {
            reader = format.newReader(input);
            reader.setInput(in);
            limits.checkPixels(reader.getWidth(0), reader.getHeight(0));
            TruncationWarnings truncation = new TruncationWarnings();
            reader.addIIOReadWarningListener(truncation);
            BufferedImage image = storedCmyk ? JpegCmyk.toRgb(reader.readRaster(0, null)) : reader.read(0);
            if (truncation.message != null) {
                throw new ImageDecodeException(corrupt(format, truncation.message));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(corrupt(format, String.valueOf(e.getMessage())), e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static String corrupt(ImageFormat format, String detail) {
        return "cannot decode " + format.displayName() + " image, the data is corrupt or truncated: " + detail;
    }

    /**
     * Readers that fill a truncated image with grey only warn about it; like PIL, refuse such images.
     * Other warnings (extraneous bytes, unknown markers) concern images that decode in full and are ignored.
     */
    private static final class TruncationWarnings implements IIOReadWarningListener {
        private String message;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (message == null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                message = warning;
            }
        }
    }
}
