package org.opensearch.clip.plugin.ivf.rest;

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

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.DELETE;

/**
 * {@code DELETE _plugins/_clip/ivf/models/{model}}: deletes one version ({@code name:version}) or every version of a
 * name. Documents keep their list values; queries naming the deleted version fail until they name another.
 */
public final class RestDeleteIvfModelAction extends BaseRestHandler {
    private final IvfModelStore store;

    /** A handler deleting from the node's model store. */
    public RestDeleteIvfModelAction(IvfModelStore store) {
        this.store = store;
    }

    @Override
    public String getName() {
        return "clip_ivf_delete_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(DELETE, "/_plugins/_clip/ivf/models/{model}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        IvfModelRef ref = IvfModelRef.parse(request.param("model"));
        return channel -> store.delete(ref, new RestBuilderListener<>(channel) {
            @Override
            public RestResponse buildResponse(Integer deleted, XContentBuilder builder) throws Exception {
                return new BytesRestResponse(RestStatus.OK, builder.startObject().field("deleted", deleted).endObject());
            }
        });
    }
}
