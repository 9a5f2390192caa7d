package org.opensearch.clip.plugin.action;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.common.xcontent.StatusToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** An action's answer as a JSON object, with the HTTP status the REST layer gives it. */
public final class JsonResponse extends ActionResponse implements StatusToXContentObject {
    private final RestStatus status;
    private final Map<String, Object> body;

    /** An answer with status 200. */
    public JsonResponse(Map<String, Object> body) {
        this(RestStatus.OK, body);
    }

    /** An answer with a status. */
    public JsonResponse(RestStatus status, Map<String, Object> body) {
        this.status = status;
        this.body = body;
    }

    /** Reads an answer sent by another node. */
    public JsonResponse(StreamInput in) throws IOException {
        super(in);
        this.status = RestStatus.readFrom(in);
        this.body = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        RestStatus.writeTo(out, status);
        out.writeMap(body);
    }

    /** The JSON object. */
    public Map<String, Object> body() {
        return body;
    }

    @Override
    public RestStatus status() {
        return status;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(body);
    }
}
