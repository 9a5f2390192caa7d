package org.opensearch.clip.encoder.decode;

import java.util.List;

/**
 * Checks the entropy coding a JPEG's frame header announces. The readers decode Huffman-coded JPEG only; an
 * arithmetic-coded one (SOF9 to SOF11, SOF13 to SOF15) is refused up front with a message that says so, rather than
 * failing half-way as if the file were damaged.
 */
final class JpegCoding {

    private JpegCoding() {}

    /** Throws unless the first frame header in {@code segments} is Huffman-coded (or there is none to judge). */
    static void requireHuffman(List<JpegSegment> segments) throws ImageDecodeException {
        for (JpegSegment segment : segments) {
            if (segment.isFrameHeader()) {
                int type = segment.marker() - 0xc0;
                if (type >= 9) {
                    throw new ImageDecodeException(
                        "JPEG arithmetic coding is not supported (frame type SOF" + type + "); re-encode the image with Huffman coding"
                    );
                }
                return;
            }
        }
    }
}
