package org.opensearch.clip.plugin.outbound;

import org.opensearch.core.common.unit.ByteSizeValue;

import java.io.IOException;
import java.io.InputStream;

/** A body that fails as soon as more than the limit has been read, whatever the Content-Length said. */
final class CappedBody extends BlockInputStream {
    private final InputStream in;
    private final FetchLimits limits;
    private final String shownUrl;
    private long read;

    CappedBody(InputStream in, FetchLimits limits, String shownUrl) {
        this.in = in;
        this.limits = limits;
        this.shownUrl = shownUrl;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // ask for one byte more than the limit allows, so that a body of exactly the limit is accepted
        long room = limits.maxBytes() - read + 1;
        int n = in.read(b, off, (int) Math.min(len, Math.max(1, room)));
        if (n > 0) {
            read += n;
            if (read > limits.maxBytes()) {
                throw tooLarge(shownUrl, limits);
            }
        }
        return n;
    }

    static OutboundException tooLarge(String shownUrl, FetchLimits limits) {
        return new OutboundException(OutboundException.Kind.TOO_LARGE, shownUrl + " is larger than the limit of "
            + new ByteSizeValue(limits.maxBytes()) + " (" + limits.maxBytesSetting() + ")");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
