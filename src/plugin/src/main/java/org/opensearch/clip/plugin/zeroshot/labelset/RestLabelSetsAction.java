package org.opensearch.clip.plugin.zeroshot.labelset;

import org.opensearch.clip.plugin.action.JsonBodies;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestStatusToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.opensearch.rest.RestRequest.Method.DELETE;
import static org.opensearch.rest.RestRequest.Method.GET;
import static org.opensearch.rest.RestRequest.Method.PUT;

/**
 * {@code PUT / GET / DELETE _plugins/_clip/label_sets/{name}} and {@code GET _plugins/_clip/label_sets}: label sets
 * stored cluster-wide for zero-shot classification.
 */
public final class RestLabelSetsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_label_sets";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(PUT, "/_plugins/_clip/label_sets/{name}"),
            new Route(GET, "/_plugins/_clip/label_sets/{name}"),
            new Route(DELETE, "/_plugins/_clip/label_sets/{name}"),
            new Route(GET, "/_plugins/_clip/label_sets")
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String name = request.param("name");
        String op = switch (request.method()) {
            case PUT -> "put";
            case DELETE -> "delete";
            default -> name == null ? "list" : "get";
        };
        Map<String, Object> body = op.equals("put")
            ? JsonBodies.required(request, "{\"labels\": [...], \"templates\"?: [...], \"prompts\"?: {\"<label>\": [...]}}")
            : Map.of();
        Map<String, String> params = name == null ? Map.of(LabelSetAction.OP, op) : Map.of(LabelSetAction.OP, op, LabelSetAction.NAME_PARAM, name);
        JsonBodyRequest action = new JsonBodyRequest(params, body);
        return channel -> client.execute(LabelSetAction.INSTANCE, action, new RestStatusToXContentListener<>(channel));
    }
}
