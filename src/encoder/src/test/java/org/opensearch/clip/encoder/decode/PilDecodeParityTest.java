package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.clip.encoder.TestFiles;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The decoder hands out exactly the pixels PIL's {@code Image.open(f).convert("RGB")} gives CLIP's reference
 * preprocessing: embedded ICC profiles are ignored in JPEG and WebP, and WebP decodes like libwebp. The inputs and
 * PIL's output ({@code <name>.pil.png}) are made by {@code src/tools/make_decode_fixtures.py}.
 */
class PilDecodeParityTest {
    private static final String DIR = "images/decode/";

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @ParameterizedTest(name = "{0} decodes to PIL's pixels")
    @ValueSource(strings = {
        "adobe-rgb.jpg",
        "prophoto.jpg",
        "cmyk-profile.jpg",
        "cmyk.jpg",
        "icc-lossy.webp",
        "icc-lossless.webp",
        "photo-lossy-1.webp",
        "photo-lossy-2.webp",
        "photo-lossy-3.webp",
        "alpha-lossy.webp",
        "alpha-lossless.webp",
        "animated.webp" })
    void decodedPixelsEqualPils(String image) throws IOException, ImageDecodeException {
        BufferedImage decoded = decoder.decode(TestFiles.bytes(DIR + image));
        PixelDifference difference = PixelDifference.between(pil(image), decoded);
        assertEquals(0, difference.max(), image + " against PIL: " + difference);
    }

    @Test
    void aCmykJpegWithAPrintProfileKeepsPilsColours() throws IOException, ImageDecodeException {
        // Ghostscript's default CMYK profile (187 KB, three APP2 segments), which TwelveMonkeys' reader would apply:
        // without the removal this differs from PIL by up to 53 levels. Read from Debian's libgs-common at test time.
        Path profile = Path.of("/usr/share/color/icc/ghostscript/default_cmyk.icc");
        assumeTrue(Files.isReadable(profile), "no " + profile + " (apt-get install libgs-common)");
        byte[] jpeg = JpegWithProfile.of(TestFiles.bytes(DIR + "cmyk.jpg"), Files.readAllBytes(profile));
        PixelDifference difference = PixelDifference.between(pil("cmyk.jpg"), decoder.decode(jpeg));
        assertEquals(0, difference.max(), "cmyk.jpg with " + profile + " against PIL: " + difference);
    }

    @Test
    void aCmykJpegWithoutAnAdobeSegmentIsReadAsPilReadsIt() throws IOException, ImageDecodeException {
        // libjpeg decodes four components without an Adobe APP14 segment as plain CMYK, and PIL inverts them all the same
        byte[] cmyk = TestFiles.bytes(DIR + "cmyk.jpg");
        List<JpegSegment> adobe = JpegSegments.read(cmyk).stream().filter(s -> s.marker() == 0xee).toList();
        assertEquals(1, adobe.size(), "the fixture has an Adobe segment");
        byte[] withoutAdobe = ByteRange.removeAll(cmyk, adobe);
        PixelDifference difference = PixelDifference.between(pil("cmyk.jpg"), decoder.decode(withoutAdobe));
        assertEquals(0, difference.max(), "cmyk.jpg without APP14 against PIL: " + difference);
    }

    @Test
    void theLibwebpReaderLoadsFromItsJarOnThisMachine() {
        assertEquals("libwebp", ImageFormat.webpDecoder(), "libwebp's native library did not load: WebP falls back to TwelveMonkeys");
    }

    @Test
    void withoutLibwebpAnIccWebpStillKeepsItsStoredColours() throws IOException {
        // TwelveMonkeys' reader, used for animations and where libwebp does not load, converts ICC colours to sRGB
        // unless the profile is removed first; lossless WebP is exact in both decoders
        String image = "icc-lossless.webp";
        byte[] stripped = WebpProfileRemoval.withoutProfile(TestFiles.bytes(DIR + image));
        ImageReader reader = new WebPImageReaderSpi().createReaderInstance();
        try (ImageInputStream in = new ByteArrayImageInputStream(stripped)) {
            reader.setInput(in);
            PixelDifference difference = PixelDifference.between(pil(image), RgbConversion.toRgb(reader.read(0)));
            assertEquals(0, difference.max(), image + " through TwelveMonkeys against PIL: " + difference);
        } finally {
            reader.dispose();
        }
    }

    @ParameterizedTest(name = "{0} ({1}) is refused as an unsupported coding")
    @CsvSource({ "arithmetic.jpg, SOF9", "arithmetic-progressive.jpg, SOF10" })
    void anArithmeticCodedJpegIsRefusedAsUnsupportedRatherThanCorrupt(String image, String frame) {
        byte[] jpeg = TestFiles.bytes(DIR + image);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(jpeg));
        assertEquals(
            "JPEG arithmetic coding is not supported (frame type " + frame + "); re-encode the image with Huffman coding",
            e.getMessage()
        );
    }

    private static BufferedImage pil(String image) throws IOException {
        return ImageIO.read(TestFiles.path(DIR + image + ".pil.png").toFile());
    }
}
