package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that answers every connection with bytes a test writes itself (lying headers, endless bodies,
 * one byte at a time), for what the JDK's server will not send.
 */
final class RawHttpServer implements AutoCloseable {
    /** What a connection gets once its request head has been read. */
    @FunctionalInterface
    interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();

    RawHttpServer(Answer answer) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection, answer));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private static void serve(Socket connection, Answer answer) {
        try (connection) {
            InputStream in = connection.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            answer.write(connection.getOutputStream());
        } catch (IOException e) {
            // the client gave up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL of {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
