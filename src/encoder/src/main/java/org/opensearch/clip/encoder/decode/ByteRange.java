package org.opensearch.clip.encoder.decode;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** A span of an encoded image's bytes, from {@link #start()} (inclusive) to {@link #end()} (exclusive). */
interface ByteRange {

    /** The first byte of the span. */
    int start();

    /** The byte after the span. */
    int end();

    /** A copy of {@code data} without {@code ranges}, which are in order and do not overlap. */
    static byte[] removeAll(byte[] data, List<? extends ByteRange> ranges) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int copied = 0;
        for (ByteRange range : ranges) {
            out.write(data, copied, range.start() - copied);
            copied = range.end();
        }
        out.write(data, copied, data.length - copied);
        return out.toByteArray();
    }
}
