package org.opensearch.clip.plugin.action;

import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;

/** The per-node part of a {@link ClipRegisterModelRequest}: the model to register. */
public final class ClipRegisterModelNodeRequest extends TransportRequest {
    private final ModelSource source;

    public ClipRegisterModelNodeRequest(ModelSource source) {
        this.source = source;
    }

    public ClipRegisterModelNodeRequest(StreamInput in) throws IOException {
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
