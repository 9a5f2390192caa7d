package org.opensearch.clip.encoder.decode;

import com.luciad.imageio.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;

/**
 * The WebP reader over libwebp, the decoder PIL uses, so lossy WebP decodes to PIL's pixels exactly. Its native
 * library ships in the reader's jar and is extracted on first use into {@code com.luciad.imageio.webp.tmpdir}
 * (else {@code java.io.tmpdir}; {@code DjlRuntime} points the property at its cache directory); when it cannot be loaded there, {@link #provider()} is empty and WebP falls back to
 * TwelveMonkeys' pure-Java decoder, whose lossy output differs by a few levels.
 */
final class LibWebp {

    /** A 1x1 lossless WebP of colour 0x0a141e: decoding it proves the native library works. */
    private static final byte[] PROBE = {
        82, 73, 70, 70, 30, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 76, 17, 0, 0, 0, 47, 0, 0, 0, 0, 7, 80, -118, 42, -44,
        -93, -1, -127, -120, -24, 127, 0, 0 };
    private static final int PROBE_COLOUR = 0x0a141e;

    private LibWebp() {}

    /** The libwebp reader's provider, or empty when its native library does not load on this machine. */
    static Optional<ImageReaderSpi> provider() {
        return Holder.PROVIDER;
    }

    /** Loads the native library once, on first use, and checks it decodes. */
    private static final class Holder {
        private static final Optional<ImageReaderSpi> PROVIDER = probe();

        private static Optional<ImageReaderSpi> probe() {
            ImageReaderSpi provider = new WebPImageReaderSpi();
            ImageReader reader = null;
            try (ImageInputStream in = new ByteArrayImageInputStream(PROBE)) {
                reader = provider.createReaderInstance();
                reader.setInput(in);
                BufferedImage pixel = reader.read(0);
                return (pixel.getRGB(0, 0) & 0xffffff) == PROBE_COLOUR ? Optional.of(provider) : Optional.empty();
            } catch (IOException | RuntimeException | LinkageError e) {
                return Optional.empty();
            } finally {
                if (reader != null) {
                    reader.dispose();
                }
            }
        }
    }
}
