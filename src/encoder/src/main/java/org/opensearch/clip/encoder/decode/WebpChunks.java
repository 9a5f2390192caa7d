package org.opensearch.clip.encoder.decode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of a WebP file (a RIFF container: "RIFF", size, "WEBP", then chunks of a four-letter type, a
 * little-endian size and the data padded to an even length). Listing stops at the first chunk that runs past the
 * end of the bytes; the reader reports such damage when it decodes.
 */
final class WebpChunks {

    /** Where the first chunk starts, after "RIFF", the size and "WEBP". */
    static final int FIRST_CHUNK = 12;
    /** The extended-format header chunk, whose first data byte holds the feature flags. */
    static final String VP8X = "VP8X";
    /** VP8X flag: the file has an ICCP chunk. */
    static final int ICC_FLAG = 0x20;
    /** VP8X flag: the file is an animation. */
    static final int ANIMATION_FLAG = 0x02;

    /** One chunk: its type and where it lies, from the type's first byte to the end of its padded data. */
    record Chunk(String type, int start, int end) implements ByteRange {}

    private WebpChunks() {}

    /** The chunks of {@code webp}, a file that starts with a RIFF WebP header. */
    static List<Chunk> read(byte[] webp) {
        List<Chunk> chunks = new ArrayList<>();
        int pos = FIRST_CHUNK;
        while (pos + 8 <= webp.length) {
            long size = Integer.toUnsignedLong(littleEndianInt(webp, pos + 4));
            long end = pos + 8 + size + (size & 1);
            if (pos + 8 + size > webp.length) {
                break;
            }
            chunks.add(new Chunk(new String(webp, pos, 4, StandardCharsets.ISO_8859_1), pos, (int) Math.min(end, webp.length)));
            pos = (int) end;
        }
        return chunks;
    }

    /** The VP8X feature flags of {@code webp}, 0 for a simple (VP8 or VP8L only) file. */
    static int flags(byte[] webp, List<Chunk> chunks) {
        if (chunks.isEmpty() || chunks.get(0).type().equals(VP8X) == false || chunks.get(0).end() <= chunks.get(0).start() + 8) {
            return 0;
        }
        return webp[chunks.get(0).start() + 8] & 0xff;
    }

    static int littleEndianInt(byte[] data, int at) {
        return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
    }

    static void writeLittleEndianInt(byte[] data, int at, int value) {
        data[at] = (byte) value;
        data[at + 1] = (byte) (value >>> 8);
        data[at + 2] = (byte) (value >>> 16);
        data[at + 3] = (byte) (value >>> 24);
    }
}
