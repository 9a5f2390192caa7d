package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Map;

/** One node's embedding stats, as the generic map the stats API renders (numbers, strings, lists and maps). */
public final class ClipStatsNodeResponse extends BaseNodeResponse {
    private final Map<String, Object> stats;

    public ClipStatsNodeResponse(DiscoveryNode node, Map<String, Object> stats) {
        super(node);
        this.stats = stats;
    }

    public ClipStatsNodeResponse(StreamInput in) throws IOException {
        super(in);
        this.stats = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeMap(stats);
    }

    /** The node's stats. */
    public Map<String, Object> stats() {
        return stats;
    }
}
