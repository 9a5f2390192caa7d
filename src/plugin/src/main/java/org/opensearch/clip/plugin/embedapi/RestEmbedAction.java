package org.opensearch.clip.plugin.embedapi;

import org.opensearch.clip.plugin.action.JsonBodies;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestStatusToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.opensearch.rest.RestRequest.Method.POST;

/** {@code POST _plugins/_clip/_embed}: vectors of texts and images, with each text's tokens and unknown words. */
public final class RestEmbedAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_embed";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/_plugins/_clip/_embed"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        JsonBodyRequest embed = new JsonBodyRequest(Map.of(), JsonBodies.required(request, "{\"texts\": [...], \"images\": [...]}"));
        return channel -> client.execute(EmbedAction.INSTANCE, embed, new RestStatusToXContentListener<>(channel));
    }
}
