package org.opensearch.clip.plugin.ivf.rest;

import org.opensearch.ResourceNotFoundException;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
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

import static org.opensearch.rest.RestRequest.Method.GET;

/**
 * {@code GET _plugins/_clip/ivf/models} (every model version) and {@code GET _plugins/_clip/ivf/models/{model}}
 * ({@code name}: all its versions; {@code name:version}: one), newest first; {@code ?centroids=true} adds the
 * centroids.
 */
public final class RestGetIvfModelsAction extends BaseRestHandler {
    private final IvfModelStore store;

    /** A handler reading the node's model store. */
    public RestGetIvfModelsAction(IvfModelStore store) {
        this.store = store;
    }

    @Override
    public String getName() {
        return "clip_ivf_get_models";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_clip/ivf/models"), new Route(GET, "/_plugins/_clip/ivf/models/{model}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String model = request.param("model");
        IvfModelRef ref = model == null ? null : IvfModelRef.parse(model);
        boolean centroids = request.paramAsBoolean("centroids", false);
        return channel -> store.find(ref, centroids, new RestBuilderListener<>(channel) {
            @Override
            public RestResponse buildResponse(List<IvfModel> models, XContentBuilder builder) throws IOException {
                if (ref != null && models.isEmpty()) {
                    return new BytesRestResponse(channel, new ResourceNotFoundException("IVF model [" + ref + "] does not exist"));
                }
                builder.startObject().startArray("models");
                for (IvfModel found : models) {
                    found.toXContent(builder, centroids);
                }
                return new BytesRestResponse(RestStatus.OK, builder.endArray().endObject());
            }
        });
    }
}
