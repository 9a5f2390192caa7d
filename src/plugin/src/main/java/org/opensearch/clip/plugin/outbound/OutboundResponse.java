package org.opensearch.clip.plugin.outbound;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A 200 answer whose body is still to be read: reads stop at the byte limit and the timeouts, and fail with an
 * {@link OutboundException}. Closing it closes the connection and frees the host's connection slot.
 */
public final class OutboundResponse implements Closeable {
    private final String url;
    private final String contentType;
    private final long declaredLength;
    private final InputStream body;
    private final Runnable release;

    OutboundResponse(String url, String contentType, long declaredLength, InputStream body, Runnable release) {
        this.url = url;
        this.contentType = contentType;
        this.declaredLength = declaredLength;
        this.body = body;
        this.release = release;
    }

    /** The URL that answered (after redirects), without credentials. */
    public String url() {
        return url;
    }

    /** The Content-Type header, or null when there was none. */
    public String contentType() {
        return contentType;
    }

    /** The Content-Length header, or -1; a claim only: the body stream enforces the limit itself. */
    public long declaredLength() {
        return declaredLength;
    }

    /** The body (de-chunked), bounded by the byte limit and the timeouts. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        try {
            body.close();
        } finally {
            release.run();
        }
    }
}
