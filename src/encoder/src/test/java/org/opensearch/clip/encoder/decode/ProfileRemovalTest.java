package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.TestFiles;

import java.awt.image.BufferedImage;
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
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @Test
    void aProfileSpreadOverSeveralSegmentsIsRemovedWhole() throws ImageDecodeException {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        // a profile over 64 KB is split into numbered APP2 segments; this one is junk no colour converter could use
        byte[] junk = new byte[100_000];
        Arrays.fill(junk, (byte) 0x5a);
        byte[] withProfile = JpegWithProfile.of(cat, junk);
        assertEquals(2, JpegSegments.read(withProfile).stream().filter(s -> s.marker() == JpegSegment.APP2).count());
        byte[] stripped = JpegProfileRemoval.withoutProfile(withProfile, JpegSegments.read(withProfile));
        assertArrayEquals(cat, stripped);
        assertSamePixels(decoder.decode(cat), decoder.decode(withProfile));
    }

    @Test
    void aProfileSegmentAfterFillBytesIsFoundAndRemoved() throws ImageDecodeException {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        byte[] profile = JpegWithProfile.segment(JpegSegment.APP2, "ICC_PROFILE\0\1\1 not a real profile".getBytes(StandardCharsets.ISO_8859_1));
        byte[] filled = new byte[profile.length + 2];
        filled[0] = (byte) 0xff; // fill bytes may stand before any marker
        filled[1] = (byte) 0xff;
        System.arraycopy(profile, 0, filled, 2, profile.length);
        byte[] withProfile = JpegWithProfile.insertAfterSoi(cat, filled);
        byte[] stripped = JpegProfileRemoval.withoutProfile(withProfile, JpegSegments.read(withProfile));
        assertEquals(cat.length + 2, stripped.length, "the segment is gone, the fill bytes stay");
        assertSamePixels(decoder.decode(cat), decoder.decode(stripped));
    }

    @Test
    void otherApp2SegmentsStay() {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        byte[] mpf = JpegWithProfile.segment(JpegSegment.APP2, "MPF\0 and some multi-picture data".getBytes(StandardCharsets.US_ASCII));
        byte[] withMpf = JpegWithProfile.insertAfterSoi(cat, mpf);
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

        byte[] rotated = JpegWithProfile.of(TestFiles.bytes("images/coffee-rotated-exif6.jpg"), new byte[100]);
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

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(0, PixelDifference.between(expected, actual).max());
    }
}
