package org.opensearch.clip.plugin.rest;

import org.opensearch.clip.plugin.action.ClipStatsAction;
import org.opensearch.clip.plugin.action.NodesRequest;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/** {@code GET _plugins/_clip/stats} and {@code GET _plugins/_clip/{nodeId}/stats}: each node's embedding stats. */
public final class RestClipStatsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_stats";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_clip/stats"), new Route(GET, "/_plugins/_clip/{node_id}/stats"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("node_id"));
        NodesRequest statsRequest = new NodesRequest(nodeIds);
        return channel -> client.execute(ClipStatsAction.INSTANCE, statsRequest, new RestToXContentListener<>(channel));
    }
}
