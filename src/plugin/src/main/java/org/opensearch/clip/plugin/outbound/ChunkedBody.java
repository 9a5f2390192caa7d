package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;

/** The body of a response sent with {@code Transfer-Encoding: chunked}, decoded; trailers are read and dropped. */
final class ChunkedBody extends BlockInputStream {
    private final InputStream in;
    private final String shownUrl;
    private long left;
    private boolean done;

    ChunkedBody(InputStream in, String shownUrl) {
        this.in = in;
        this.shownUrl = shownUrl;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (done) {
            return -1;
        }
        if (left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                done = true;
                while (!ResponseHead.line(in, shownUrl).isEmpty()) {
                    // trailers
                }
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw ResponseHead.malformed(shownUrl, "the connection ended inside a chunk");
        }
        left -= n;
        if (left == 0 && !ResponseHead.line(in, shownUrl).isEmpty()) {
            throw ResponseHead.malformed(shownUrl, "a chunk does not end with CRLF");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = ResponseHead.line(in, shownUrl);
        int semicolon = line.indexOf(';');
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        if (!size.matches("[0-9A-Fa-f]{1,15}")) {
            throw ResponseHead.malformed(shownUrl, "a chunk size is not a hex number");
        }
        return Long.parseLong(size, 16);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
