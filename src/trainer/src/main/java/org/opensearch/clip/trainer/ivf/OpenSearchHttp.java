package org.opensearch.clip.trainer.ivf;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to an OpenSearch node: a request, its answer parsed, and a message with the body on failure. */
final class OpenSearchHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    OpenSearchHttp(URI base) {
        this.base = base;
    }

    /** The node's address. */
    URI base() {
        return base;
    }

    /** Sends a request (a null body sends none) and parses the 2xx answer. */
    JsonElement send(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body();
            throw new IOException(method + " " + base.resolve(path) + " answered " + response.statusCode() + ": "
                + (text.length() > 1000 ? text.substring(0, 1000) + "..." : text));
        }
        return JsonParser.parseString(response.body());
    }
}
