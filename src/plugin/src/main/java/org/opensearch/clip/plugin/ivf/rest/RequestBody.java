package org.opensearch.clip.plugin.ivf.rest;

import org.opensearch.clip.plugin.action.JsonBodies;
import org.opensearch.rest.RestRequest;

import java.io.IOException;
import java.util.Map;

/** Reads a required JSON object body of a REST request. */
final class RequestBody {
    private RequestBody() {}

    static Map<String, Object> read(RestRequest request, String what) throws IOException {
        return JsonBodies.required(request, what);
    }
}
