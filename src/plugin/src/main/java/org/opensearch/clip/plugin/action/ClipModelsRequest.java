package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;

/** Asks nodes for their CLIP models; no node ids means every node. */
public final class ClipModelsRequest extends BaseNodesRequest<ClipModelsRequest> {
    public ClipModelsRequest(String... nodeIds) {
        super(nodeIds);
    }

    public ClipModelsRequest(StreamInput in) throws IOException {
        super(in);
    }
}
