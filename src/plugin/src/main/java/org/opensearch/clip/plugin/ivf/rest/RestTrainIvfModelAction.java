package org.opensearch.clip.plugin.ivf.rest;

import org.opensearch.clip.plugin.ivf.train.TrainIvfModelAction;
import org.opensearch.clip.plugin.ivf.train.TrainIvfModelRequest;
import org.opensearch.clip.plugin.ivf.train.TrainingStarted;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.RestResponse;
import org.opensearch.rest.action.RestBuilderListener;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;

import static org.opensearch.rest.RestRequest.Method.POST;

/**
 * {@code POST _plugins/_clip/ivf/models/{model}/_train}: starts training the next version of a model as a background
 * task and answers, once the request has been checked against the index and the version registered, with the task
 * id and the version ({@code GET _tasks/<id>} shows progress, then the result); with
 * {@code ?wait_for_completion=true} it answers with the trained model.
 */
public final class RestTrainIvfModelAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "clip_ivf_train";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/_plugins/_clip/ivf/models/{model}/_train"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String name = request.param("model");
        boolean wait = request.paramAsBoolean("wait_for_completion", false);
        TrainIvfModelRequest train = TrainIvfModelRequest.fromBody(name,
            RequestBody.read(request, "{\"index\": ..., \"field\": ..., \"nlist\": ...}"));
        if (wait) {
            return channel -> client.executeLocally(TrainIvfModelAction.INSTANCE, train, new RestToXContentListener<>(channel));
        }
        train.storeResult(true);
        return channel -> {
            train.onStarted(new RestBuilderListener<>(channel) {
                @Override
                public RestResponse buildResponse(TrainingStarted started, XContentBuilder builder) throws IOException {
                    builder.startObject().field("task", started.task()).field("model", started.model()).endObject();
                    return new BytesRestResponse(RestStatus.OK, builder);
                }
            });
            // the outcome goes to the tasks index and the model index; nobody waits on the task's own listener
            client.executeLocally(TrainIvfModelAction.INSTANCE, train, ActionListener.wrap(response -> {}, e -> {}));
        };
    }
}
