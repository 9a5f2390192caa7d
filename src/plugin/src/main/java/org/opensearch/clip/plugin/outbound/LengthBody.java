package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;

/** The body of a response with a Content-Length: ends after that many bytes, and fails if the connection ends first. */
final class LengthBody extends BlockInputStream {
    private final InputStream in;
    private final String shownUrl;
    private long left;

    LengthBody(InputStream in, long length, String shownUrl) {
        this.in = in;
        this.left = length;
        this.shownUrl = shownUrl;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (left == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new OutboundException(OutboundException.Kind.PROTOCOL, shownUrl + ": the connection ended before the end of the body");
        }
        left -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
