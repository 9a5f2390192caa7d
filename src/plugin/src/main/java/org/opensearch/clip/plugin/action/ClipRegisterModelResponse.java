package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Every node's status of the model being registered: {@code {"_nodes": {...}, "nodes": {"<id>": {"name", "model"}}}}. */
public final class ClipRegisterModelResponse extends BaseNodesResponse<ClipRegisterModelNodeResponse> implements ToXContentObject {
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
    protected void writeNodesTo(StreamOutput out, List<ClipRegisterModelNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.startObject("_nodes");
        builder.field("total", getNodes().size() + failures().size());
        builder.field("successful", getNodes().size());
        builder.field("failed", failures().size());
        if (!failures().isEmpty()) {
            builder.startArray("failures");
            for (FailedNodeException failure : failures()) {
                builder.startObject();
                failure.toXContent(builder, params);
                builder.endObject();
            }
            builder.endArray();
        }
        builder.endObject();
        builder.field("cluster_name", getClusterName().value());
        builder.startObject("nodes");
        for (ClipRegisterModelNodeResponse node : getNodes()) {
            builder.startObject(node.getNode().getId());
            builder.field("name", node.getNode().getName());
            builder.field("model");
            node.model().toXContent(builder, params);
            builder.endObject();
        }
        builder.endObject();
        return builder.endObject();
    }
}
