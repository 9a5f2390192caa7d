package org.opensearch.clip.encoder.decode;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;

/**
 * The JPEG decoder over libjpeg-turbo's TurboJPEG API ({@code libturbojpeg.so.0}, Debian's {@code libturbojpeg0}),
 * the library PIL decodes with, called through JNA. It decodes baseline and progressive 8-bit JPEGs stored as YCbCr,
 * RGB or greyscale with the accurate integer IDCT and fancy upsampling, so its pixels are the JDK reader's and PIL's
 * (both are libjpeg's islow path), three to four times faster (SIMD). {@link #instance()} is empty when the library
 * is not installed or does not decode its probe; the JDK reader then decodes every JPEG.
 */
final class LibTurboJpeg {

    /** The TurboJPEG 2 functions this decoder calls. */
    interface Api extends Library {
        Pointer tjInitDecompress();

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width, IntByReference height,
                                IntByReference subsampling, IntByReference colourspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, int[] pixels, int width, int pitch, int height,
                          int pixelFormat, int flags);

        String tjGetErrorStr2(Pointer handle);

        int tjGetErrorCode(Pointer handle);

        int tjDestroy(Pointer handle);
    }

    private static final int TJCS_RGB = 0;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;
    /** Blue, green, red, unused: on a little-endian machine the int {@code 0x??RRGGBB} that {@code TYPE_INT_RGB} stores. */
    private static final int TJPF_BGRX = 3;
    /** Unused, red, green, blue: the same int on a big-endian machine. */
    private static final int TJPF_XRGB = 9;
    private static final int TJFLAG_ACCURATEDCT = 4096;
    private static final int TJERR_WARNING = 0;

    private final Api api;
    private final int pixelFormat;

    private LibTurboJpeg(Api api) {
        this.api = api;
        this.pixelFormat = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;
    }

    /** The decoder, or empty when libturbojpeg is not installed here or does not decode its probe as libjpeg does. */
    static Optional<LibTurboJpeg> instance() {
        return Holder.INSTANCE;
    }

    /**
     * Decodes {@code jpeg} into a {@code TYPE_INT_RGB} image, or returns empty when this decoder does not take this
     * file (CMYK or YCCK, a header or data it cannot read: the JDK reader then decodes it or says why not). The pixel
     * limit is checked against the header before any pixel memory is allocated; a file that ends early is refused, as
     * PIL refuses it; other warnings (extraneous bytes before a marker) concern files that decode in full and are
     * ignored, as the JDK reader path ignores them.
     */
    Optional<BufferedImage> decode(byte[] jpeg, ImageLimits limits) throws ImageDecodeException {
        Pointer handle = api.tjInitDecompress();
        if (handle == null) {
            return Optional.empty();
        }
        try {
            NativeLong size = new NativeLong(jpeg.length);
            IntByReference width = new IntByReference();
            IntByReference height = new IntByReference();
            IntByReference colourspace = new IntByReference();
            if (api.tjDecompressHeader3(handle, jpeg, size, width, height, new IntByReference(), colourspace) != 0) {
                return Optional.empty();
            }
            int cs = colourspace.getValue();
            if (cs != TJCS_YCBCR && cs != TJCS_RGB && cs != TJCS_GRAY) {
                return Optional.empty();
            }
            limits.checkPixels(width.getValue(), height.getValue());
            BufferedImage image = new BufferedImage(width.getValue(), height.getValue(), BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            int rc = api.tjDecompress2(handle, jpeg, size, pixels, width.getValue(), 0, height.getValue(), pixelFormat, TJFLAG_ACCURATEDCT);
            if (rc != 0) {
                String message = String.valueOf(api.tjGetErrorStr2(handle));
                if (message.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw new ImageDecodeException("cannot decode JPEG image, the data is corrupt or truncated: " + message);
                }
                if (api.tjGetErrorCode(handle) != TJERR_WARNING) {
                    return Optional.empty();
                }
            }
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] &= 0xffffff;
            }
            return Optional.of(image);
        } finally {
            api.tjDestroy(handle);
        }
    }

    /**
     * Loads the library once, on first use, and checks it against the JDK reader: a 24 x 16 colour gradient written
     * as a JPEG (4:2:0) must decode to the same pixels both ways, so a library built without the accurate IDCT, or one
     * that upsamples differently, is not used.
     */
    private static final class Holder {
        private static final Optional<LibTurboJpeg> INSTANCE = load();

        private static Optional<LibTurboJpeg> load() {
            try {
                LibTurboJpeg decoder = new LibTurboJpeg(Native.load("turbojpeg", Api.class));
                byte[] probe = probe();
                BufferedImage expected = ImageIO.read(new ByteArrayInputStream(probe));
                Optional<BufferedImage> decoded = decoder.decode(probe, ImageLimits.DEFAULT);
                return decoded.isPresent() && samePixels(expected, decoded.get()) ? Optional.of(decoder) : Optional.empty();
            } catch (ImageDecodeException | IOException | RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        }

        private static byte[] probe() throws IOException {
            BufferedImage gradient = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 24; x++) {
                    gradient.setRGB(x, y, (x * 10) << 16 | (y * 15) << 8 | ((x * y * 7) & 0xff));
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (ImageIO.write(gradient, "jpeg", bytes) == false) {
                throw new IOException("no JPEG writer");
            }
            return bytes.toByteArray();
        }

        private static boolean samePixels(BufferedImage a, BufferedImage b) {
            if (a == null || a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
                return false;
            }
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
