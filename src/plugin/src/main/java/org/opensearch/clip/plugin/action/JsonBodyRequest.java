package org.opensearch.clip.plugin.action;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Map;

/**
 * A request that carries a REST call's path parameters and JSON body as they came, for actions whose transport
 * handler parses and validates them (so a wrong body is a 400 with the parser's message, and parsing runs off the
 * network thread).
 */
public class JsonBodyRequest extends ActionRequest {
    private final Map<String, String> params;
    private final Map<String, Object> body;

    /** A request with path parameters and a body (empty when the call had none). */
    public JsonBodyRequest(Map<String, String> params, Map<String, Object> body) {
        this.params = Map.copyOf(params);
        this.body = body == null ? Map.of() : body;
    }

    /** Reads a request sent by another node. */
    public JsonBodyRequest(StreamInput in) throws IOException {
        super(in);
        this.params = in.readMap(StreamInput::readString, StreamInput::readString);
        this.body = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeMap(params, StreamOutput::writeString, StreamOutput::writeString);
        out.writeMap(body);
    }

    /** A path parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** The JSON body as a map. */
    public Map<String, Object> body() {
        return body;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
