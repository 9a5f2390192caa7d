package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One node's answer to a register request: the model's status there once registration has started. */
public final class ClipRegisterModelNodeResponse extends BaseNodeResponse {
    private final ModelStatus model;

    public ClipRegisterModelNodeResponse(DiscoveryNode node, ModelStatus model) {
        super(node);
        this.model = model;
    }

    public ClipRegisterModelNodeResponse(StreamInput in) throws IOException {
        super(in);
        this.model = ModelStatus.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        model.writeTo(out);
    }

    /** The model's status on the node. */
    public ModelStatus model() {
        return model;
    }
}
