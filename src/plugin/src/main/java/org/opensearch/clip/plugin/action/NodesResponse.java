package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/**
 * A nodes response rendered like OpenSearch's nodes APIs: {@code {"_nodes": {...}, "cluster_name": ..., "nodes":
 * {"<id>": {"name": ..., <the node's own fields>}}}}.
 */
abstract class NodesResponse<T extends BaseNodeResponse> extends BaseNodesResponse<T> implements ToXContentObject {
    NodesResponse(ClusterName clusterName, List<T> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    NodesResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<T> nodes) throws IOException {
        out.writeList(nodes);
    }

    /** Writes what one node answered, after its name. */
    protected abstract void nodeToXContent(T node, XContentBuilder builder, Params params) throws IOException;

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
        for (T node : getNodes()) {
            builder.startObject(node.getNode().getId());
            builder.field("name", node.getNode().getName());
            nodeToXContent(node, builder, params);
            builder.endObject();
        }
        builder.endObject();
        return builder.endObject();
    }
}
