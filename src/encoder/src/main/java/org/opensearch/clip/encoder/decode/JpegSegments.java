package org.opensearch.clip.encoder.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists the marker segments of a JPEG from its start up to and including the first start-of-scan. A stream that
 * stops making sense (no marker where one should be, a length past the end) ends the list there: the reader then
 * reports the damage when it decodes.
 */
final class JpegSegments {

    private static final int FILL = 0xff;
    private static final int EOI = 0xd9;

    private JpegSegments() {}

    /** The segments of {@code jpeg}, which starts with SOI (0xFF 0xD8). */
    static List<JpegSegment> read(byte[] jpeg) {
        List<JpegSegment> segments = new ArrayList<>();
        int pos = 2;
        while (pos + 1 < jpeg.length && (jpeg[pos] & 0xff) == FILL) {
            while (pos + 1 < jpeg.length && (jpeg[pos + 1] & 0xff) == FILL) {
                pos++; // fill bytes may precede a marker; they stay outside the segment
            }
            if (pos + 1 >= jpeg.length) {
                break;
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == EOI) {
                break;
            }
            if (isStandalone(marker)) {
                segments.add(new JpegSegment(marker, pos, pos + 2));
                pos += 2;
                continue;
            }
            if (pos + 3 >= jpeg.length) {
                break;
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            int end = pos + 2 + length;
            if (length < 2 || end > jpeg.length) {
                break;
            }
            segments.add(new JpegSegment(marker, pos, end));
            if (marker == JpegSegment.SOS) {
                break;
            }
            pos = end;
        }
        return segments;
    }

    /** TEM and the restart markers carry no length and no payload. */
    private static boolean isStandalone(int marker) {
        return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
    }
}
