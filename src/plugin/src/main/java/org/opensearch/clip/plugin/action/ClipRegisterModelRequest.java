package org.opensearch.clip.plugin.action;

import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Asks every node (or the nodes given) to register a model. */
public final class ClipRegisterModelRequest extends BaseNodesRequest<ClipRegisterModelRequest> {
    private final ModelSource source;

    public ClipRegisterModelRequest(ModelSource source, String... nodeIds) {
        super(nodeIds);
        this.source = source;
    }

    public ClipRegisterModelRequest(StreamInput in) throws IOException {
        super(in);
        this.source = ModelSource.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        source.writeTo(out);
    }

    /** The model to register. */
    public ModelSource source() {
        return source;
    }
}
