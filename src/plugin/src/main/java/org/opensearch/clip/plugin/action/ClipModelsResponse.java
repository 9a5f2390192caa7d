package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Every answering node's CLIP models, rendered like the nodes APIs: {@code {"nodes": {"<id>": {"name", "models"}}}}. */
public final class ClipModelsResponse extends NodesResponse<ClipModelsNodeResponse> {
    public ClipModelsResponse(ClusterName clusterName, List<ClipModelsNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    public ClipModelsResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected List<ClipModelsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(ClipModelsNodeResponse::new);
    }

    @Override
    protected void nodeToXContent(ClipModelsNodeResponse node, XContentBuilder builder, Params params) throws IOException {
        builder.startArray("models");
        for (ModelStatus model : node.models()) {
            model.toXContent(builder, params);
        }
        builder.endArray();
    }
}
