package org.opensearch.clip.plugin.rest;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.NodesRequest;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.Strings;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/**
 * {@code GET _plugins/_clip/<what>} and {@code GET _plugins/_clip/{node_id}/<what>}: what every node (or the nodes
 * listed) answers to a nodes action, e.g. {@code models} or {@code stats}.
 */
public final class RestNodesAction<R extends ActionResponse & ToXContentObject> extends BaseRestHandler {
    private final String what;
    private final ActionType<R> action;

    /** The handler of {@code _plugins/_clip/<what>}, answered by {@code action}. */
    public RestNodesAction(String what, ActionType<R> action) {
        this.what = what;
        this.action = action;
    }

    @Override
    public String getName() {
        return "clip_" + what;
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_clip/" + what), new Route(GET, "/_plugins/_clip/{node_id}/" + what));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        NodesRequest nodes = new NodesRequest(Strings.splitStringByCommaToArray(request.param("node_id")));
        return channel -> client.execute(action, nodes, new RestToXContentListener<>(channel));
    }
}
