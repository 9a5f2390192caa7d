package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input under two timeouts: no read waits longer than the read timeout, and none goes past the request's
 * deadline (so a server that sends one byte at a time cannot hold the request open).
 */
final class DeadlineInput extends BlockInputStream {
    private final Socket socket;
    private final InputStream in;
    private final long readTimeoutMillis;
    private final long deadlineNanos;
    private final String shownUrl;
    private final String totalTimeout;

    DeadlineInput(Socket socket, long readTimeoutMillis, long deadlineNanos, String shownUrl, String totalTimeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadlineNanos = deadlineNanos;
        this.shownUrl = shownUrl;
        this.totalTimeout = totalTimeout;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long timeout = Math.min(readTimeoutMillis, remainingMillis());
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout)));
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            if (remainingMillis() <= 0) {
                throw totalTimeout();
            }
            throw new OutboundException(OutboundException.Kind.TIMEOUT, shownUrl + ": timed out: nothing received for "
                + readTimeoutMillis + "ms (the read timeout)");
        } catch (OutboundException e) {
            throw e;
        } catch (IOException e) {
            throw new OutboundException(OutboundException.Kind.PROTOCOL, shownUrl + ": the connection broke (see the node log)",
                shownUrl + ": the connection broke: " + e, e);
        }
    }

    /** Milliseconds left until the deadline; throws once it has passed. */
    long remainingMillis() throws OutboundException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw totalTimeout();
        }
        return left;
    }

    private OutboundException totalTimeout() {
        return new OutboundException(OutboundException.Kind.TIMEOUT, shownUrl + ": timed out: the request took longer than the total "
            + "timeout of " + totalTimeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
