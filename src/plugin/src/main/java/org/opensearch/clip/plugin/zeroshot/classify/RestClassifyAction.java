package org.opensearch.clip.plugin.zeroshot.classify;

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

/** {@code POST _plugins/_clip/_classify}: zero-shot labels with probabilities for images or documents. */
public final class RestClassifyAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_classify";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/_plugins/_clip/_classify"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        JsonBodyRequest classify = new JsonBodyRequest(Map.of(), JsonBodies.required(request,
            "{\"images\" | \"documents\", \"labels\" | \"label_set\", ...}"));
        return channel -> client.execute(ClassifyAction.INSTANCE, classify, new RestStatusToXContentListener<>(channel));
    }
}
