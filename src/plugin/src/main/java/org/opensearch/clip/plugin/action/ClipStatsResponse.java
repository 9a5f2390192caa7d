package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Every answering node's embedding stats: {@code {"nodes": {"<id>": {"name", "decode", "lanes", "models"}}}}. */
public final class ClipStatsResponse extends NodesResponse<ClipStatsNodeResponse> {
    public ClipStatsResponse(ClusterName clusterName, List<ClipStatsNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    public ClipStatsResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected List<ClipStatsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(ClipStatsNodeResponse::new);
    }

    @Override
    protected void nodeToXContent(ClipStatsNodeResponse node, XContentBuilder builder, Params params) throws IOException {
        for (Map.Entry<String, Object> entry : node.stats().entrySet()) {
            builder.field(entry.getKey(), entry.getValue());
        }
    }
}
