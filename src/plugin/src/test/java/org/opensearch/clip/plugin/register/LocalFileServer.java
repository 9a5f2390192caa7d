package org.opensearch.clip.plugin.register;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 serving byte arrays by path, for download tests: it can also redirect, stall, answer
 * without a Content-Length, hold every answer until the test releases it, and counts the requests per path.
 */
public final class LocalFileServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile boolean chunked;
    private volatile long stallMillis;
    private volatile CountDownLatch held;

    /** Starts a server on a free port of 127.0.0.1. */
    public LocalFileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code path}; returns the file's URL. */
    public String serve(String path, byte[] bytes) {
        files.put(path, bytes);
        return url(path);
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    public void redirect(String path, String location) {
        redirects.put(path, location);
    }

    /** Whether bodies are sent without a Content-Length (chunked). */
    public void chunked(boolean value) {
        this.chunked = value;
    }

    /** Waits this long after the headers before sending a body. */
    public void stall(long millis) {
        this.stallMillis = millis;
    }

    /** Holds every answer (before its headers) until {@link #release()}, or for at most a minute. */
    public void hold() {
        this.held = new CountDownLatch(1);
    }

    /** Sends the answers held since {@link #hold()}, and answers at once from now on. */
    public void release() {
        CountDownLatch gate = held;
        held = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:43127}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} on this server. */
    public String url(String path) {
        return baseUrl() + path;
    }

    /** How many requests {@code path} received. */
    public int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** The lower-case hex sha256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            CountDownLatch gate = held;
            if (gate != null) {
                gate.await(1, TimeUnit.MINUTES);
            }
            String location = redirects.get(path);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            if (stallMillis > 0) {
                Thread.sleep(stallMillis);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a refused or timed-out download): nothing to answer
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
