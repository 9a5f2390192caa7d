package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Every answering node's CLIP models, rendered like the nodes APIs: {@code {"nodes": {"<id>": {...}}}}. */
public final class ClipModelsResponse extends BaseNodesResponse<ClipModelsNodeResponse> implements ToXContentObject {
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
    protected void writeNodesTo(StreamOutput out, List<ClipModelsNodeResponse> nodes) throws IOException {
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
        for (ClipModelsNodeResponse node : getNodes()) {
            builder.startObject(node.getNode().getId());
            builder.field("name", node.getNode().getName());
            builder.startArray("models");
            for (ModelStatus model : node.models()) {
                model.toXContent(builder, params);
            }
            builder.endArray();
            builder.endObject();
        }
        builder.endObject();
        return builder.endObject();
    }
}
