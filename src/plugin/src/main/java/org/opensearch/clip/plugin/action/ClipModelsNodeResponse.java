package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** One node's CLIP models. */
public final class ClipModelsNodeResponse extends BaseNodeResponse {
    private final List<ModelStatus> models;

    public ClipModelsNodeResponse(DiscoveryNode node, List<ModelStatus> models) {
        super(node);
        this.models = List.copyOf(models);
    }

    public ClipModelsNodeResponse(StreamInput in) throws IOException {
        super(in);
        this.models = in.readList(ModelStatus::readFrom);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(models);
    }

    /** The node's models, in name order. */
    public List<ModelStatus> models() {
        return models;
    }
}
