package org.opensearch.clip.plugin.outbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * The JDK's HTTP (or HTTPS) server on a free port of 127.0.0.1, for outbound tests: handlers by path, with helpers for
 * the answers the tests need, and a count of requests.
 */
final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final String scheme;
    final AtomicInteger requests = new AtomicInteger();

    private LocalHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** A plain HTTP server. */
    static LocalHttpServer http() {
        try {
            return new LocalHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS server presenting the certificate of {@code tls}. */
    static LocalHttpServer https(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new LocalHttpServer(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code path} with {@code handler}. */
    LocalHttpServer on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away (a refused, capped or timed-out fetch)
            }
        });
        return this;
    }

    /** Answers {@code path} with 200, {@code contentType} and {@code body} (with a Content-Length). */
    LocalHttpServer serve(String path, String contentType, byte[] body) {
        return on(path, exchange -> send(exchange, 200, contentType, body));
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    LocalHttpServer redirect(String path, String location) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** Sends a whole answer. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The port. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path}, e.g. {@code http://127.0.0.1:43127/x.png}. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
