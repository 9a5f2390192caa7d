package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;

/** Asks nodes for what they know (their models, their stats); no node ids means every node. */
public final class NodesRequest extends BaseNodesRequest<NodesRequest> {
    public NodesRequest(String... nodeIds) {
        super(nodeIds);
    }

    public NodesRequest(StreamInput in) throws IOException {
        super(in);
    }
}
