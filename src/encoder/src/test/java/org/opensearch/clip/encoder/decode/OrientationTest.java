package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eight EXIF orientations turn stored pixels upright as PIL's {@code ImageOps.exif_transpose} does. The stored
 * image is 3 wide and 2 tall with pixels {@code a b c / d e f}; each expectation is written out by hand.
 */
class OrientationTest {
    private static final String STORED = "abc/def";

    @ParameterizedTest(name = "EXIF {0} gives {1}")
    @CsvSource({
        "1, abc/def",
        "2, cba/fed",       // mirrored left to right
        "3, fed/cba",       // upside down
        "4, def/abc",       // mirrored top to bottom
        "5, ad/be/cf",      // transposed
        "6, da/eb/fc",      // a quarter turn clockwise
        "7, fc/eb/da",      // transversed
        "8, cf/be/ad" })    // a quarter turn anticlockwise
    void everyOrientationIsTurnedUpright(int tag, String upright) {
        assertEquals(upright, letters(Orientation.fromExif(tag).apply(image(STORED))));
    }

    @Test
    void onlyTheQuarterTurnsAndTransposesSwapWidthAndHeight() {
        for (int tag = 1; tag <= 8; tag++) {
            assertEquals(tag >= 5, Orientation.fromExif(tag).swapsAxes(), "orientation " + tag);
        }
    }

    @Test
    void valuesOutsideOneToEightMeanUpright() {
        assertSame(Orientation.NORMAL, Orientation.fromExif(0));
        assertSame(Orientation.NORMAL, Orientation.fromExif(9));
        assertSame(Orientation.NORMAL, Orientation.fromExif(-1));
    }

    @Test
    void uprightImagesAreReturnedAsTheyAre() {
        BufferedImage stored = image(STORED);
        assertSame(stored, Orientation.NORMAL.apply(stored));
    }

    @Test
    void aPngWithAnExifChunkIsTurnedUprightByTheDecoder() throws IOException, ImageDecodeException {
        byte[] png = withExifChunk(png(image(STORED)), 6);
        BufferedImage decoded = new ImageDecoder(ImageLimits.DEFAULT).decode(png);
        assertEquals("da/eb/fc", letters(decoded));
    }

    @Test
    void unreadableExifDataLeavesTheImageAsStored() throws IOException, ImageDecodeException {
        byte[] png = png(image(STORED));
        byte[] garbage = insertChunk(png, "eXIf", "not a TIFF header".getBytes(StandardCharsets.US_ASCII));
        BufferedImage decoded = new ImageDecoder(ImageLimits.DEFAULT).decode(garbage);
        assertEquals(STORED, letters(decoded));
        assertFalse(STORED.equals(letters(new ImageDecoder(ImageLimits.DEFAULT).decode(withExifChunk(png, 3)))));
    }

    /** Pixels named by letters: 'a' is colour 1, 'b' colour 2, ...; rows separated by '/'. */
    private static BufferedImage image(String rows) {
        String[] lines = rows.split("/");
        BufferedImage image = new BufferedImage(lines[0].length(), lines.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < lines.length; y++) {
            for (int x = 0; x < lines[y].length(); x++) {
                image.setRGB(x, y, colour(lines[y].charAt(x)));
            }
        }
        return image;
    }

    private static int colour(char letter) {
        int n = letter - 'a' + 1;
        return (n * 40) << 16 | (255 - n * 30) << 8 | n * 20;
    }

    private static String letters(BufferedImage image) {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < image.getHeight(); y++) {
            if (y > 0) {
                out.append('/');
            }
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                char found = '?';
                for (char c = 'a'; c <= 'f'; c++) {
                    if (colour(c) == rgb) {
                        found = c;
                    }
                }
                out.append(found);
            }
        }
        return out.toString();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    /** A big-endian TIFF header with one IFD holding only the orientation tag (0x0112, SHORT). */
    private static byte[] withExifChunk(byte[] png, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return insertChunk(png, "eXIf", tiff.array());
    }

    /** Inserts a chunk right after the PNG's IHDR chunk (signature 8 bytes + IHDR 25 bytes). */
    private static byte[] insertChunk(byte[] png, String type, byte[] data) {
        int at = 8 + 25;
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteBuffer out = ByteBuffer.allocate(png.length + 12 + data.length);
        out.put(png, 0, at);
        out.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
        out.put(png, at, png.length - at);
        return out.array();
    }
}
