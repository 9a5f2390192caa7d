package org.opensearch.clip.encoder.decode;

import java.util.List;

/**
 * Removes an embedded ICC profile (the ICCP chunk, and the VP8X flag announcing it) from a WebP file, so that no
 * reader converts the stored colours: PIL, and so CLIP's reference preprocessing, ignores the profile. The RIFF
 * size is rewritten to match; every other chunk stays as it is.
 */
final class WebpProfileRemoval {

    private static final String ICCP = "ICCP";

    private WebpProfileRemoval() {}

    /** {@code webp} without its ICC profile; the same array when it has none. */
    static byte[] withoutProfile(byte[] webp) {
        List<WebpChunks.Chunk> chunks = WebpChunks.read(webp);
        List<WebpChunks.Chunk> profile = chunks.stream().filter(c -> c.type().equals(ICCP)).toList();
        if (profile.isEmpty()) {
            return webp;
        }
        byte[] stripped = ByteRange.removeAll(webp, profile);
        WebpChunks.writeLittleEndianInt(stripped, 4, stripped.length - 8);
        if (WebpChunks.flags(webp, chunks) != 0) {
            stripped[chunks.get(0).start() + 8] &= (byte) ~WebpChunks.ICC_FLAG;
        }
        return stripped;
    }
}
