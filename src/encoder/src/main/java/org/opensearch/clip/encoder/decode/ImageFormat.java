package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The encoded formats the decoder reads, recognised by their leading bytes. Readers come from providers this class
 * names explicitly (the JDK's for PNG, GIF and BMP; TwelveMonkeys' for JPEG; libwebp's for still WebP, TwelveMonkeys'
 * for animated WebP or where libwebp does not load), never from ImageIO's class path scan, which does not see a
 * plugin's own class loader.
 */
public enum ImageFormat {
    /** JPEG, including CMYK/YCCK and greyscale, via TwelveMonkeys' reader. */
    JPEG("JPEG"),
    /** PNG, via the JDK's reader. */
    PNG("PNG"),
    /** GIF (the first frame), via the JDK's reader. */
    GIF("GIF"),
    /** BMP, via the JDK's reader. */
    BMP("BMP"),
    /** WebP (lossy and lossless), via libwebp ({@link LibWebp}); animations (first frame) via TwelveMonkeys' reader. */
    WEBP("WebP");

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private final String displayName;

    ImageFormat(String displayName) {
        this.displayName = displayName;
    }

    /** The format's usual name, as used in messages. */
    public String displayName() {
        return displayName;
    }

    /** Recognises the format from the first bytes of {@code encoded}; the type a client claims is never trusted. */
    public static ImageFormat detect(byte[] encoded) throws ImageDecodeException {
        if (startsWith(encoded, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
            return JPEG;
        }
        if (startsWith(encoded, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(encoded, 0, (byte) 'G', (byte) 'I', (byte) 'F', (byte) '8')) {
            return GIF;
        }
        if (startsWith(encoded, 0, (byte) 'B', (byte) 'M')) {
            return BMP;
        }
        if (startsWith(encoded, 0, (byte) 'R', (byte) 'I', (byte) 'F', (byte) 'F')
            && startsWith(encoded, 8, (byte) 'W', (byte) 'E', (byte) 'B', (byte) 'P')) {
            return WEBP;
        }
        String head = HexFormat.ofDelimiter(" ").formatHex(encoded, 0, Math.min(encoded.length, 8));
        throw new ImageDecodeException(
            "unknown image format (first bytes: [" + head + "]); supported formats are JPEG, PNG, GIF, BMP and WebP"
        );
    }

    private static boolean startsWith(byte[] data, int offset, byte... prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new reader for {@code encoded}, an image of this format; readers are not thread-safe, so each decode takes
     * its own.
     */
    ImageReader newReader(byte[] encoded) throws IOException {
        if (this == WEBP && isAnimated(encoded) == false) {
            Optional<ImageReaderSpi> libwebp = LibWebp.provider();
            if (libwebp.isPresent()) {
                return libwebp.get().createReaderInstance();
            }
        }
        return Providers.forFormat(this).createReaderInstance();
    }

    /** A reader for the header of an image of this format (the width and height it claims), without decoding pixels. */
    ImageReader newHeaderReader() throws IOException {
        return Providers.forFormat(this).createReaderInstance();
    }

    /**
     * Which decoder reads still WebP images in this JVM: {@code "libwebp"}, or {@code "TwelveMonkeys"} when libwebp's
     * native library did not load (lossy pixels then differ from PIL's by a few levels). The first call loads the
     * library, so call it after {@code DjlRuntime} has chosen where native libraries go.
     */
    public static String webpDecoder() {
        return LibWebp.provider().isPresent() ? "libwebp" : "TwelveMonkeys";
    }

    /**
     * Which decoder reads JPEGs stored as YCbCr, RGB or greyscale in this JVM: {@code "libjpeg-turbo"} where
     * {@code libturbojpeg.so.0} is installed and passed its probe, else {@code "JDK"} (the same pixels, slower).
     * CMYK and YCCK JPEGs always go through the JDK reader.
     */
    public static String jpegDecoder() {
        return LibTurboJpeg.instance().isPresent() ? "libjpeg-turbo" : "JDK";
    }

    /** libwebp's simple decoding API, which the libwebp reader uses, refuses animations. */
    private static boolean isAnimated(byte[] webp) {
        return (WebpChunks.flags(webp, WebpChunks.read(webp)) & WebpChunks.ANIMATION_FLAG) != 0;
    }

    /** Resolves the reader providers once, on first use. */
    private static final class Providers {
        private static final ImageReaderSpi JDK_PNG = jdkProvider("com.sun.imageio.plugins.png.PNGImageReaderSpi");
        private static final ImageReaderSpi JDK_GIF = jdkProvider("com.sun.imageio.plugins.gif.GIFImageReaderSpi");
        private static final ImageReaderSpi JDK_BMP = jdkProvider("com.sun.imageio.plugins.bmp.BMPImageReaderSpi");
        private static final ImageReaderSpi TWELVEMONKEYS_JPEG = twelveMonkeysJpeg();
        private static final ImageReaderSpi TWELVEMONKEYS_WEBP = new WebPImageReaderSpi();

        static ImageReaderSpi forFormat(ImageFormat format) {
            return switch (format) {
                case JPEG -> TWELVEMONKEYS_JPEG;
                case PNG -> JDK_PNG;
                case GIF -> JDK_GIF;
                case BMP -> JDK_BMP;
                case WEBP -> TWELVEMONKEYS_WEBP;
            };
        }

        /** The JDK registers its own providers in the default registry at start-up, independently of any scan. */
        private static ImageReaderSpi jdkProvider(String className) {
            Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, spi -> spi.getClass().getName().equals(className), false);
            if (providers.hasNext() == false) {
                throw new IllegalStateException("the JDK's image reader [" + className + "] is not registered");
            }
            return providers.next();
        }

        /**
         * TwelveMonkeys' JPEG provider wraps the JDK's and finds it when it is registered; registering both in a
         * private registry links them without touching the global one.
         */
        private static ImageReaderSpi twelveMonkeysJpeg() {
            ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
            registry.registerServiceProvider(jdkProvider("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi"), ImageReaderSpi.class);
            ImageReaderSpi provider = new JPEGImageReaderSpi();
            registry.registerServiceProvider(provider, ImageReaderSpi.class);
            return provider;
        }
    }
}
