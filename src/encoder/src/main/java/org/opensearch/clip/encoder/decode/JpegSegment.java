package org.opensearch.clip.encoder.decode;

/**
 * One marker segment of a JPEG stream: the marker byte (the one after 0xFF) and where the segment lies in the
 * encoded bytes, from the 0xFF just before the marker byte (fill bytes before it are not part of the segment) up to
 * the end of its payload (exclusive).
 */
record JpegSegment(int marker, int start, int end) implements ByteRange {

    /** Application segment 2, where JPEG files carry ICC profiles (and multi-picture data). */
    static final int APP2 = 0xe2;
    /** Start of scan: the entropy-coded data follows. */
    static final int SOS = 0xda;

    /** Whether this segment is a frame header (SOF0 to SOF15; 0xC4, 0xC8 and 0xCC are other markers). */
    boolean isFrameHeader() {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    /** Whether the payload (after the two length bytes) of this segment in {@code jpeg} starts with {@code prefix}. */
    boolean payloadStartsWith(byte[] jpeg, byte[] prefix) {
        int payload = start + 4;
        if (payload + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (jpeg[payload + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
