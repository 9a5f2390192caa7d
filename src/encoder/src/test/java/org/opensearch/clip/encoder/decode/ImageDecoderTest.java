package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensearch.clip.encoder.TestFiles;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample format becomes an upright 8-bit RGB image of the right size; broken or oversized input is refused
 * with a message a user can act on. Expected sizes are those of the files' headers (see images/SOURCES.md).
 */
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    private BufferedImage decode(String image) throws ImageDecodeException {
        return decoder.decode(TestFiles.bytes("images/" + image));
    }

    /** The file as the JDK's own ImageIO readers store it, without any conversion: the oracle for lossless formats. */
    private static Raster storedRaster(String image) throws IOException {
        return ImageIO.read(TestFiles.path("images/" + image).toFile()).getRaster();
    }

    @ParameterizedTest(name = "{0} is {1}x{2}")
    @CsvSource({
        "cat.jpg, 320, 213",
        "coffee.jpg, 320, 213",
        "astronaut.jpg, 320, 320",
        "rocket-progressive.jpg, 320, 214",
        "coffee-rotated-exif6.jpg, 320, 213", // stored 213x320, EXIF orientation 6
        "rocket-alpha.png, 160, 107",
        "camera-grey.jpg, 256, 256",
        "hubble-deep-field.gif, 240, 209",
        "retina.bmp, 128, 128",
        "ihc.webp, 240, 240",
        "cat-cmyk.jpg, 200, 133",
        "coins-grey16.png, 160, 126",
        "astronaut-rgb16.png, 128, 128" })
    void everySampleDecodesToUprightRgb(String image, int width, int height) throws ImageDecodeException {
        BufferedImage decoded = decode(image);
        assertEquals(BufferedImage.TYPE_INT_RGB, decoded.getType(), "image type");
        assertEquals(width, decoded.getWidth(), "width");
        assertEquals(height, decoded.getHeight(), "height");
    }

    @Test
    void exifOrientationSixIsTurnedBackToTheUnrotatedPhoto() throws ImageDecodeException {
        BufferedImage upright = decode("coffee.jpg");
        BufferedImage rotated = decode("coffee-rotated-exif6.jpg");
        assertEquals(upright.getWidth(), rotated.getWidth());
        assertEquals(upright.getHeight(), rotated.getHeight());
        // both are JPEG encodings of the same photo: the pixels agree up to compression noise
        double turnedBack = meanAbsDiff(upright, rotated);
        assertTrue(turnedBack < 3, "mean difference from coffee.jpg is " + turnedBack + " levels");
        // and the comparison can tell orientations apart: mirrored, the photo is far off
        double mirrored = meanAbsDiff(upright, Orientation.MIRROR_HORIZONTAL.apply(rotated));
        assertTrue(mirrored > 5 * turnedBack, "mirrored differs by only " + mirrored + " levels");
    }

    @Test
    void alphaIsDroppedKeepingTheStoredColourEvenOfTransparentPixels() throws IOException, ImageDecodeException {
        Raster stored = storedRaster("rocket-alpha.png");
        assertEquals(4, stored.getNumBands());
        assertEquals(0, stored.getSample(0, 0, 3), "the corner is fully transparent in the file");
        BufferedImage decoded = decode("rocket-alpha.png");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                int rgb = decoded.getRGB(x, y);
                assertEquals(stored.getSample(x, y, 0), (rgb >> 16) & 0xff, "red at " + x + "," + y);
                assertEquals(stored.getSample(x, y, 1), (rgb >> 8) & 0xff, "green at " + x + "," + y);
                assertEquals(stored.getSample(x, y, 2), rgb & 0xff, "blue at " + x + "," + y);
            }
        }
    }

    @Test
    void greyscaleJpegSamplesAreCopiedToAllChannelsWithoutGammaConversion() throws IOException, ImageDecodeException {
        Raster stored = storedRaster("camera-grey.jpg");
        assertEquals(1, stored.getNumBands());
        BufferedImage decoded = decode("camera-grey.jpg");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                int rgb = decoded.getRGB(x, y);
                int grey = stored.getSample(x, y, 0);
                assertEquals(grey, (rgb >> 16) & 0xff, "red at " + x + "," + y);
                assertEquals(grey, (rgb >> 8) & 0xff, "green at " + x + "," + y);
                assertEquals(grey, rgb & 0xff, "blue at " + x + "," + y);
            }
        }
    }

    @Test
    void sixteenBitRgbKeepsTheHighByteOfEverySample() throws IOException, ImageDecodeException {
        Raster stored = storedRaster("astronaut-rgb16.png");
        assertEquals(16, stored.getSampleModel().getSampleSize(0));
        BufferedImage decoded = decode("astronaut-rgb16.png");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                int rgb = decoded.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    // the file stores each 8-bit value v as v * 257
                    assertEquals(stored.getSample(x, y, c) / 257, (rgb >> (16 - 8 * c)) & 0xff, "channel " + c + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void sixteenBitGreyBecomesEightBitGreyRatherThanWhite() throws IOException, ImageDecodeException {
        Raster stored = storedRaster("coins-grey16.png");
        BufferedImage decoded = decode("coins-grey16.png");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                int rgb = decoded.getRGB(x, y);
                int grey = stored.getSample(x, y, 0) / 257;
                assertEquals(grey * 0x010101, rgb & 0xffffff, "pixel at " + x + "," + y);
            }
        }
    }

    @Test
    void cmykJpegBecomesRgbWithTheColoursOfTheRgbPhoto() throws ImageDecodeException {
        // cat-cmyk.jpg is a smaller CMYK encoding of cat.jpg's photo: the average colour must match, which an
        // inverted or uninverted-Adobe reading of the channels would badly miss
        double[] cmyk = meanColour(decode("cat-cmyk.jpg"));
        double[] rgb = meanColour(decode("cat.jpg"));
        for (int c = 0; c < 3; c++) {
            assertEquals(rgb[c], cmyk[c], 6, "mean of channel " + c + ": cat.jpg " + Arrays.toString(rgb) + ", cat-cmyk.jpg " + Arrays.toString(cmyk));
        }
    }

    @Test
    void bmpPixelsAreTheStoredOnes() throws IOException, ImageDecodeException {
        BufferedImage stored = ImageIO.read(TestFiles.path("images/retina.bmp").toFile());
        BufferedImage decoded = decode("retina.bmp");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                assertEquals(stored.getRGB(x, y) & 0xffffff, decoded.getRGB(x, y) & 0xffffff, "pixel at " + x + "," + y);
            }
        }
    }

    @Test
    void paletteGifTakesItsPaletteColours() throws IOException, ImageDecodeException {
        BufferedImage stored = ImageIO.read(TestFiles.path("images/hubble-deep-field.gif").toFile());
        BufferedImage decoded = decode("hubble-deep-field.gif");
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                assertEquals(stored.getRGB(x, y) & 0xffffff, decoded.getRGB(x, y) & 0xffffff, "pixel at " + x + "," + y);
            }
        }
    }

    @Test
    void anAnimatedGifGivesItsFirstFrame() throws IOException, ImageDecodeException {
        byte[] gif = twoFrameGif(0xff0000, 0x0000ff);
        BufferedImage decoded = decoder.decode(gif);
        assertEquals(0xff0000, decoded.getRGB(3, 3) & 0xffffff);
    }

    @Test
    void lossyWebpDecodesToAPicture() throws ImageDecodeException {
        BufferedImage decoded = decode("ihc.webp");
        double[] mean = meanColour(decoded);
        // a stained tissue photo: neither blank nor grey
        assertTrue(mean[0] > 20 && mean[0] < 235, "mean red " + mean[0]);
        assertTrue(Math.abs(mean[0] - mean[2]) > 5, "the picture has colour: " + Arrays.toString(mean));
    }

    @Test
    void aCorruptJpegIsRefusedAsCorrupt() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decode("corrupt.jpg"));
        assertTrue(e.getMessage().startsWith("cannot decode JPEG image, the data is corrupt or truncated"), e.getMessage());
    }

    @ParameterizedTest(name = "half of {0} is refused as a truncated {1}")
    @CsvSource({ "cat.jpg, JPEG", "ihc.webp, WebP" })
    void aTruncatedImageIsRefusedRatherThanFilledWithGrey(String image, String format) {
        byte[] whole = TestFiles.bytes("images/" + image);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(half));
        assertTrue(e.getMessage().startsWith("cannot decode " + format + " image, the data is corrupt or truncated"), e.getMessage());
    }

    @Test
    void aTruncatedPngIsRefused() {
        byte[] png = TestFiles.bytes("images/rocket-alpha.png");
        byte[] half = Arrays.copyOf(png, png.length / 2);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(half));
        assertTrue(e.getMessage().startsWith("cannot decode PNG image"), e.getMessage());
    }

    @Test
    void bytesThatAreNoImageAreRefusedListingTheSupportedFormats() {
        byte[] text = "%PDF-1.7 not an image".getBytes(StandardCharsets.US_ASCII);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(text));
        assertEquals(
            "unknown image format (first bytes: [25 50 44 46 2d 31 2e 37]); supported formats are JPEG, PNG, GIF, BMP and WebP",
            e.getMessage()
        );
    }

    @Test
    void noBytesAtAllAreRefused() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0]));
        assertTrue(e.getMessage().startsWith("unknown image format"), e.getMessage());
    }

    @Test
    void anImageOverTheByteLimitIsRefusedNamingTheLimit() {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        ImageDecoder small = new ImageDecoder(new ImageLimits(cat.length - 1, ImageLimits.DEFAULT_MAX_PIXELS));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> small.decode(cat));
        assertEquals(
            "image is " + cat.length + " bytes, over the limit of " + (cat.length - 1) + " bytes (clip.image.max_bytes)",
            e.getMessage()
        );
    }

    @Test
    void anImageOverThePixelLimitIsRefusedNamingTheLimit() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 320 * 213 - 1));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> small.decode(TestFiles.bytes("images/cat.jpg")));
        assertEquals("image is 320x213 pixels, over the limit of 68159 pixels (clip.image.max_pixels)", e.getMessage());
    }

    @Test
    void aWebpOverThePixelLimitIsRefusedFromItsHeader() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 240 * 240 - 1));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> small.decode(TestFiles.bytes("images/ihc.webp")));
        assertEquals("image is 240x240 pixels, over the limit of 57599 pixels (clip.image.max_pixels)", e.getMessage());
    }

    @Test
    void imagesExactlyAtTheLimitsAreAccepted() throws ImageDecodeException {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        BufferedImage decoded = new ImageDecoder(new ImageLimits(cat.length, 320 * 213)).decode(cat);
        assertEquals(320, decoded.getWidth());
    }

    @Test
    void thePixelLimitIsCheckedFromTheHeaderBeforeDecoding() throws IOException {
        // a PNG header announcing 100000 x 100000 pixels followed by no image data: refused for its size, not as corrupt
        BufferedImage tiny = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(tiny, "png", out);
        byte[] png = out.toByteArray();
        // IHDR data starts at byte 16: width and height, big-endian; the CRC no longer matches, which a header read ignores
        byte[] huge = Arrays.copyOf(png, png.length);
        writeBigEndianInt(huge, 16, 100_000);
        writeBigEndianInt(huge, 20, 100_000);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(huge));
        assertTrue(e.getMessage().contains("100000x100000 pixels, over the limit"), e.getMessage());
    }

    @Test
    void limitsThemselvesMustBePositive() {
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 1));
        assertTrue(bytes.getMessage().startsWith("maxBytes must be between 1 and"), bytes.getMessage());
        IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class, () -> new ImageLimits(1, 0));
        assertEquals("maxPixels must be at least 1, got 0", pixels.getMessage());
    }

    private static void writeBigEndianInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    private static byte[] twoFrameGif(int first, int second) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int colour : new int[] { first, second }) {
                BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        frame.setRGB(x, y, colour);
                    }
                }
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        return PixelDifference.between(a, b).mean();
    }

    private static double[] meanColour(BufferedImage image) {
        double[] sum = new double[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xff;
                sum[1] += (rgb >> 8) & 0xff;
                sum[2] += rgb & 0xff;
            }
        }
        double n = (double) image.getWidth() * image.getHeight();
        return new double[] { sum[0] / n, sum[1] / n, sum[2] / n };
    }
}
