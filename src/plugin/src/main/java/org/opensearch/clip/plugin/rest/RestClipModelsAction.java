package org.opensearch.clip.plugin.rest;

import org.opensearch.clip.plugin.action.ClipModelsAction;
import org.opensearch.clip.plugin.action.NodesRequest;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/** {@code GET _plugins/_clip/models} and {@code GET _plugins/_clip/{nodeId}/models}: the models each node has. */
public final class RestClipModelsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_models";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_clip/models"), new Route(GET, "/_plugins/_clip/{node_id}/models"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("node_id"));
        NodesRequest modelsRequest = new NodesRequest(nodeIds);
        return channel -> client.execute(ClipModelsAction.INSTANCE, modelsRequest, new RestToXContentListener<>(channel));
    }
}
