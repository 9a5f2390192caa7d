package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.TestFiles;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing an embedded ICC profile takes out exactly the profile and leaves a file that decodes to the same stored
 * pixels, with its other metadata (EXIF orientation, the Adobe segment of CMYK files) intact.
 */
class ProfileRemovalTest {
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @Test
    void aProfileSpreadOverSeveralSegmentsIsRemovedWhole() throws ImageDecodeException {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        // a large profile is split into numbered APP2 chunks; these are junk a colour converter could not use
        byte[] withProfile = insertAfterSoi(cat, app2Icc(1, 2, 300), app2Icc(2, 2, 200));
        byte[] stripped = JpegProfileRemoval.withoutProfile(withProfile, JpegSegments.read(withProfile));
        assertArrayEquals(cat, stripped);
        assertSamePixels(decoder.decode(cat), decoder.decode(withProfile));
    }

    @Test
    void otherApp2SegmentsStay() {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        byte[] mpf = segment(0xe2, "MPF\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] withMpf = insertAfterSoi(cat, mpf);
        assertSame(withMpf, JpegProfileRemoval.withoutProfile(withMpf, JpegSegments.read(withMpf)));
    }

    @Test
    void theExifOrientationAndTheAdobeSegmentSurviveTheRemoval() {
        byte[] cmyk = TestFiles.bytes("images/decode/cmyk-profile.jpg");
        byte[] stripped = JpegProfileRemoval.withoutProfile(cmyk, JpegSegments.read(cmyk));
        assertTrue(stripped.length < cmyk.length, "the profile is gone");
        List<Integer> markers = JpegSegments.read(stripped).stream().map(JpegSegment::marker).toList();
        assertTrue(markers.contains(0xee), "Adobe APP14 kept: " + markers);
        assertFalse(markers.contains(0xe2), "no APP2 left: " + markers);
        assertTrue(JpegCmyk.isStoredCmyk(stripped, JpegSegments.read(stripped)));

        byte[] rotated = insertAfterSoi(TestFiles.bytes("images/coffee-rotated-exif6.jpg"), app2Icc(1, 1, 100));
        byte[] strippedRotated = JpegProfileRemoval.withoutProfile(rotated, JpegSegments.read(rotated));
        assertEquals(Orientation.fromExif(6), ExifOrientation.of(ImageFormat.JPEG, strippedRotated));
    }

    @Test
    void aWebpLosesItsIccpChunkAndFlagAndKeepsAConsistentRiffSize() {
        byte[] webp = TestFiles.bytes("images/decode/icc-lossy.webp");
        assertTrue((WebpChunks.flags(webp, WebpChunks.read(webp)) & WebpChunks.ICC_FLAG) != 0, "the fixture declares a profile");
        byte[] stripped = WebpProfileRemoval.withoutProfile(webp);
        List<WebpChunks.Chunk> chunks = WebpChunks.read(stripped);
        assertEquals(List.of("VP8X", "VP8 "), chunks.stream().map(WebpChunks.Chunk::type).toList());
        assertEquals(0, WebpChunks.flags(stripped, chunks) & WebpChunks.ICC_FLAG, "ICC flag cleared");
        assertEquals(stripped.length - 8, WebpChunks.littleEndianInt(stripped, 4), "RIFF size");
        assertEquals(stripped.length, chunks.get(chunks.size() - 1).end(), "the chunks fill the file");
    }

    @Test
    void filesWithoutAProfileAreLeftAlone() {
        byte[] webp = TestFiles.bytes("images/ihc.webp");
        assertSame(webp, WebpProfileRemoval.withoutProfile(webp));
        byte[] jpeg = TestFiles.bytes("images/cat.jpg");
        assertSame(jpeg, JpegProfileRemoval.withoutProfile(jpeg, JpegSegments.read(jpeg)));
    }

    @Test
    void truncatedHeadersNeverBreakTheSegmentListing() {
        byte[] jpeg = TestFiles.bytes("images/decode/adobe-rgb.jpg");
        byte[] webp = TestFiles.bytes("images/decode/icc-lossy.webp");
        for (int length = 0; length < 1200; length++) {
            byte[] cut = Arrays.copyOf(jpeg, Math.min(length, jpeg.length));
            JpegProfileRemoval.withoutProfile(cut, JpegSegments.read(cut));
            WebpProfileRemoval.withoutProfile(Arrays.copyOf(webp, Math.min(length, webp.length)));
        }
    }

    private static byte[] app2Icc(int chunk, int chunks, int profileBytes) {
        byte[] payload = Arrays.copyOf(ICC_PROFILE, ICC_PROFILE.length + 2);
        payload[ICC_PROFILE.length] = (byte) chunk;
        payload[ICC_PROFILE.length + 1] = (byte) chunks;
        return segment(0xe2, payload, profileBytes);
    }

    /** A marker segment: 0xFF, marker, length, {@code head}, then {@code filler} bytes of 0x5a. */
    private static byte[] segment(int marker, byte[] head, int filler) {
        int length = 2 + head.length + filler;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xff);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(head);
        for (int i = 0; i < filler; i++) {
            out.write(0x5a);
        }
        return out.toByteArray();
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] segment : segments) {
            out.writeBytes(segment);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(0, PixelDifference.between(expected, actual).max());
    }
}
