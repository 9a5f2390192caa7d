package org.opensearch.clip.plugin.ivf.rest;

import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
import org.opensearch.clip.plugin.ivf.IvfModelUpload;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.RestResponse;
import org.opensearch.rest.action.RestBuilderListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;

import static org.opensearch.rest.RestRequest.Method.PUT;

/** {@code PUT _plugins/_clip/ivf/models/{name}}: stores uploaded centroids as the next version of a model. */
public final class RestPutIvfModelAction extends BaseRestHandler {
    private final IvfModelStore store;

    /** A handler storing into the node's model store. */
    public RestPutIvfModelAction(IvfModelStore store) {
        this.store = store;
    }

    @Override
    public String getName() {
        return "clip_ivf_put_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(PUT, "/_plugins/_clip/ivf/models/{model}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        IvfModel model = IvfModelUpload.fromBody(request.param("model"),
            RequestBody.read(request, "{\"space_type\": ..., \"centroids\": [[...], ...]}"));
        return channel -> store.create(model, new RestBuilderListener<>(channel) {
            @Override
            public RestResponse buildResponse(IvfModel stored, XContentBuilder builder) throws IOException {
                return new BytesRestResponse(RestStatus.CREATED, stored.toXContent(builder, false));
            }
        });
    }
}
