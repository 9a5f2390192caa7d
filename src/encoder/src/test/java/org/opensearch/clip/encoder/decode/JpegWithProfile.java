package org.opensearch.clip.encoder.decode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds test JPEGs that carry an ICC profile the way writers embed one: right after SOI, split into APP2
 * {@code ICC_PROFILE} segments of at most 65,519 profile bytes, each numbered (1-based) with the total count.
 */
final class JpegWithProfile {
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CHUNK = 65_535 - 2 - ICC_PROFILE.length - 2;

    private JpegWithProfile() {}

    /** {@code jpeg} with {@code profile} embedded. */
    static byte[] of(byte[] jpeg, byte[] profile) {
        int chunks = Math.max(1, (profile.length + MAX_CHUNK - 1) / MAX_CHUNK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int i = 0; i < chunks; i++) {
            int from = i * MAX_CHUNK;
            int to = Math.min(profile.length, from + MAX_CHUNK);
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.writeBytes(ICC_PROFILE);
            payload.write(i + 1);
            payload.write(chunks);
            payload.write(profile, from, to - from);
            out.writeBytes(segment(JpegSegment.APP2, payload.toByteArray()));
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A marker segment: 0xFF, {@code marker}, the big-endian length, {@code payload}. */
    static byte[] segment(int marker, byte[] payload) {
        int length = 2 + payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xff);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** {@code jpeg} with {@code segment} inserted right after SOI. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
