package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for one node's REST API on {@code java.net.http}; bodies are JSON text or values for {@link Json}. */
public final class RestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private final URI base;
    private final Duration timeout;

    /** A client for the node at {@code http://host:port}. */
    public RestClient(String host, int port) {
        this(URI.create("http://" + host + ":" + port), Duration.ofMinutes(3));
    }

    private RestClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /** The node's address, e.g. {@code http://127.0.0.1:9200}. */
    public URI baseUri() {
        return base;
    }

    /** GET {@code path}. */
    public RestResponse get(String path) {
        return send("GET", path, null, null);
    }

    /** DELETE {@code path}. */
    public RestResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** PUT {@code path} with a JSON body (a JSON string, or a map/list written as JSON). */
    public RestResponse put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    /** POST {@code path} with a JSON body (a JSON string, or a map/list written as JSON). */
    public RestResponse post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    /** POST newline-delimited JSON, as the bulk API takes it. */
    public RestResponse postNdjson(String path, String ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /** Sends a request; connection failures become {@link java.io.UncheckedIOException}. */
    public RestResponse send(String method, String path, Object body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : Json.write(body);
            request.method(method, HttpRequest.BodyPublishers.ofString(text)).header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new RestResponse(method, path, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + base.resolve(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }
}
