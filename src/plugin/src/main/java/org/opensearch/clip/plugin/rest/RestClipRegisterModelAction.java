package org.opensearch.clip.plugin.rest;

import org.opensearch.clip.plugin.action.ClipRegisterModelAction;
import org.opensearch.clip.plugin.action.ClipRegisterModelRequest;
import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.opensearch.rest.RestRequest.Method.POST;

/**
 * {@code POST _plugins/_clip/models/_register} with {@code {"name": "openai/ViT-B-32", "precision"?}} (a catalog model; a
 * precision rebuilds its ViT archive at fp32, bf16 or int8),
 * {@code {"name", "url", "sha256"}} (a bundle zip), {@code {"name", "source": "huggingface", "repo"?, "revision"?,
 * "precision"?, "files"?}} (a Hub repository) or {@code {"name", "source": "local", "path", "precision"?, "files"?}} (a
 * snapshot directory): registers the model on every node in the background.
 */
public final class RestClipRegisterModelAction extends BaseRestHandler {
    private static final Set<String> FIELDS = new java.util.TreeSet<>(Set.of("name", "url", "sha256", "source", "repo", "revision",
        "precision", "files", "path"));

    @Override
    public String getName() {
        return "clip_register_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/_plugins/_clip/models/_register"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (!request.hasContentOrSourceParam()) {
            throw new IllegalArgumentException("a body is required: {\"name\": \"openai/ViT-B-32\"} or {\"name\", \"url\", \"sha256\"}");
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            body = parser.map();
        }
        ClipRegisterModelRequest register = new ClipRegisterModelRequest(source(body));
        return channel -> client.execute(ClipRegisterModelAction.INSTANCE, register, new RestToXContentListener<>(channel));
    }

    /**
     * The model a register request's body asks for.
     *
     * @throws IllegalArgumentException (a 400) naming the field that is unknown, of the wrong type or out of place
     */
    static ModelSource source(Map<String, Object> body) {
        for (Map.Entry<String, Object> field : body.entrySet()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new IllegalArgumentException("unknown field [" + field.getKey() + "]; a register request takes " + FIELDS);
            }
            if (!(field.getValue() instanceof String) && !(field.getKey().equals("files") && field.getValue() instanceof Map)) {
                throw new IllegalArgumentException("[" + field.getKey() + "] must be a string, got [" + field.getValue() + "]");
            }
        }
        if (!body.containsKey("source")) {
            for (String hubOnly : List.of("repo", "revision", "files", "path")) {
                if (body.containsKey(hubOnly)) {
                    throw new IllegalArgumentException("[" + hubOnly + "] goes with \"source\": \"huggingface\" or \"local\"");
                }
            }
        }
        return ModelSource.fromMap(body);
    }
}
