package org.opensearch.clip.plugin.action;

import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.RestRequest;

import java.io.IOException;
import java.util.Map;

/** Reads the JSON object body of a REST request for the plugin's APIs. */
public final class JsonBodies {
    private JsonBodies() {}

    /** The body as a map; an {@link IllegalArgumentException} naming what the API expects when there is none. */
    public static Map<String, Object> required(RestRequest request, String expected) throws IOException {
        if (!request.hasContent()) {
            throw new IllegalArgumentException("a body is required: " + expected);
        }
        try (XContentParser parser = request.contentParser()) {
            return parser.map();
        }
    }
}
