package org.opensearch.clip.encoder.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Removes embedded ICC profiles (APP2 {@code ICC_PROFILE} segments, however many a large profile spans) from a JPEG
 * before the reader sees it. PIL, and so CLIP's reference preprocessing, hands out the stored samples without colour
 * management; TwelveMonkeys' reader would convert them to sRGB. Every other segment stays, in particular the Adobe
 * APP14 segment that says how CMYK and YCCK samples are stored, and the EXIF orientation.
 */
final class JpegProfileRemoval {

    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private JpegProfileRemoval() {}

    /** {@code jpeg} without its ICC profile segments; the same array when it has none. */
    static byte[] withoutProfile(byte[] jpeg, List<JpegSegment> segments) {
        List<JpegSegment> profile = segments.stream()
            .filter(s -> s.marker() == JpegSegment.APP2 && s.payloadStartsWith(jpeg, ICC_PROFILE))
            .toList();
        if (profile.isEmpty()) {
            return jpeg;
        }
        return ByteRange.removeAll(jpeg, profile);
    }
}
