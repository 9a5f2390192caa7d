package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Every node's status of the model being registered: {@code {"_nodes": {...}, "nodes": {"<id>": {"name", "model"}}}}. */
public final class ClipRegisterModelResponse extends NodesResponse<ClipRegisterModelNodeResponse> {
    public ClipRegisterModelResponse(ClusterName clusterName, List<ClipRegisterModelNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    public ClipRegisterModelResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected List<ClipRegisterModelNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(ClipRegisterModelNodeResponse::new);
    }

    @Override
    protected void nodeToXContent(ClipRegisterModelNodeResponse node, XContentBuilder builder, Params params) throws IOException {
        builder.field("model");
        node.model().toXContent(builder, params);
    }
}
