package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.clip.encoder.TestFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where libjpeg-turbo is installed, JPEGs are decoded by it, to exactly the pixels of the JDK reader path (libjpeg's
 * islow IDCT and fancy upsampling, what PIL gives), and refused for the same reasons; where it is not installed the
 * JDK reader decodes them. Skipped on a machine without {@code libturbojpeg.so.0} ({@code .ci/run} installs it).
 */
class LibTurboJpegTest {
    private final ImageDecoder turbo = new ImageDecoder(ImageLimits.DEFAULT);
    private final ImageDecoder jdk = new ImageDecoder(ImageLimits.DEFAULT, false);

    private static boolean installed() {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0")) || Files.exists(Path.of("/usr/lib64/libturbojpeg.so.0"))
            || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0"));
    }

    @Test
    void anInstalledLibraryIsUsed() {
        assumeTrue(installed(), "libturbojpeg.so.0 is not installed");
        assertTrue(turbo.usesTurboJpeg(), "libturbojpeg is installed but the decoder does not use it (its probe failed or JNA could not load it)");
    }

    @Test
    void theJdkPathCanBeChosen() {
        assertEquals(false, jdk.usesTurboJpeg());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "cat.jpg", "coffee.jpg", "astronaut.jpg", "rocket-progressive.jpg", "coffee-rotated-exif6.jpg", "camera-grey.jpg",
        "cat-cmyk.jpg", "decode/adobe-rgb.jpg", "decode/prophoto.jpg", "decode/cmyk.jpg", "decode/cmyk-profile.jpg" })
    void everySampleJpegDecodesToTheJdkReadersPixels(String image) throws ImageDecodeException {
        assumeTrue(turbo.usesTurboJpeg(), "libturbojpeg is not in use here");
        byte[] bytes = TestFiles.bytes("images/" + image);
        assertSamePixels(jdk.decode(bytes), turbo.decode(bytes));
    }

    @Test
    void cameraSizedPhotosDecodeToTheJdkReadersPixels() throws Exception {
        assumeTrue(turbo.usesTurboJpeg(), "libturbojpeg is not in use here");
        BufferedImage source = ImageIO.read(TestFiles.path("images/cat.jpg").toFile());
        Random random = new Random(7);
        for (int noiseLevel : new int[] { 3, 12 }) {
            BufferedImage photo = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            var g = photo.createGraphics();
            g.drawImage(source, 0, 0, 640, 480, null);
            g.dispose();
            for (int y = 0; y < 480; y++) {
                for (int x = 0; x < 640; x++) {
                    int noise = (int) Math.round(random.nextGaussian() * noiseLevel);
                    int rgb = photo.getRGB(x, y);
                    photo.setRGB(x, y, clamp((rgb >> 16 & 0xff) + noise) << 16 | clamp((rgb >> 8 & 0xff) - noise) << 8 | clamp((rgb & 0xff) + noise));
                }
            }
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            assertTrue(ImageIO.write(photo, "jpeg", jpeg), "a JPEG writer");
            byte[] bytes = jpeg.toByteArray();
            assertSamePixels(jdk.decode(bytes), turbo.decode(bytes));
        }
    }

    @Test
    void aTruncatedJpegIsRefusedAsTheJdkPathRefusesIt() throws Exception {
        byte[] whole = TestFiles.bytes("images/coffee.jpg");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        ImageDecodeException refused = assertThrows(ImageDecodeException.class, () -> turbo.decode(half));
        assertTrue(refused.getMessage().contains("corrupt or truncated"), refused.getMessage());
        assertThrows(ImageDecodeException.class, () -> jdk.decode(half));
    }

    @Test
    void aCorruptJpegIsRefused() {
        ImageDecodeException refused = assertThrows(ImageDecodeException.class, () -> turbo.decode(TestFiles.bytes("images/corrupt.jpg")));
        assertTrue(refused.getMessage().startsWith("cannot decode JPEG image"), refused.getMessage());
    }

    @Test
    void thePixelLimitIsCheckedBeforeDecoding() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 10_000));
        ImageDecodeException refused = assertThrows(ImageDecodeException.class, () -> small.decode(TestFiles.bytes("images/cat.jpg")));
        ImageDecodeException jdkRefused = assertThrows(ImageDecodeException.class,
            () -> new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 10_000), false).decode(TestFiles.bytes("images/cat.jpg")));
        assertEquals(jdkRefused.getMessage(), refused.getMessage());
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(BufferedImage.TYPE_INT_RGB, actual.getType(), "image type");
        assertEquals(expected.getWidth(), actual.getWidth(), "width");
        assertEquals(expected.getHeight(), actual.getHeight(), "height");
        int[] want = expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth());
        int[] got = actual.getRGB(0, 0, actual.getWidth(), actual.getHeight(), null, 0, actual.getWidth());
        assertArrayEquals(want, got, "pixels");
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
