package org.opensearch.clip.plugin.testcluster;

import java.util.List;
import java.util.Map;

/** An HTTP response from a node: status and body, with JSON lookups by dotted path (see {@link Json#at}). */
public record RestResponse(String method, String path, int status, String body) {

    /** The parsed body. */
    public Object json() {
        return Json.parse(body);
    }

    /** The value at a dotted path of the body. */
    public Object at(String path) {
        return Json.at(json(), path);
    }

    /** Whether the body has a value at a dotted path. */
    public boolean has(String path) {
        return Json.has(json(), path);
    }

    /** The string at a dotted path. */
    public String string(String path) {
        Object value = at(path);
        return value == null ? null : value.toString();
    }

    /** The number at a dotted path, as a long. */
    public long number(String path) {
        return ((Number) at(path)).longValue();
    }

    /** The number at a dotted path, as a double. */
    public double decimal(String path) {
        return ((Number) at(path)).doubleValue();
    }

    /** The list at a dotted path. */
    @SuppressWarnings("unchecked")
    public List<Object> list(String path) {
        return (List<Object>) at(path);
    }

    /** The object at a dotted path. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String path) {
        return (Map<String, Object>) at(path);
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** This response if the status is 2xx; otherwise fails with the request and the body. */
    public RestResponse assertOk() {
        if (!ok()) {
            throw new AssertionError(this + " was expected to succeed");
        }
        return this;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + Json.abbreviate(body);
    }
}
