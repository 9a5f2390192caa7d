package org.opensearch.clip.plugin.rest;

import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.clip.plugin.lifecycle.ModelLifecycleAction;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestStatusToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.opensearch.rest.RestRequest.Method.DELETE;
import static org.opensearch.rest.RestRequest.Method.POST;

/**
 * {@code DELETE _plugins/_clip/models/{name}[?force=true]}, {@code POST _plugins/_clip/models/{name}/_unload} and
 * {@code .../_load}: a model's life cycle, cluster-wide (a name with '/' is written with %2F in the path).
 */
public final class RestModelLifecycleAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_model_lifecycle";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(DELETE, "/_plugins/_clip/models/{name}"),
            new Route(POST, "/_plugins/_clip/models/{name}/_unload"),
            new Route(POST, "/_plugins/_clip/models/{name}/_load")
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String name = request.param("name");
        String op = request.method() == DELETE ? "delete" : request.path().endsWith("/_unload") ? "unload" : "load";
        Map<String, String> params = new HashMap<>();
        params.put(ModelLifecycleAction.OP, op);
        params.put(ModelLifecycleAction.NAME_PARAM, name);
        if (op.equals("delete")) {
            params.put(ModelLifecycleAction.FORCE, String.valueOf(request.paramAsBoolean("force", false)));
        }
        JsonBodyRequest action = new JsonBodyRequest(params, Map.of());
        return channel -> client.execute(ModelLifecycleAction.INSTANCE, action, new RestStatusToXContentListener<>(channel));
    }
}
