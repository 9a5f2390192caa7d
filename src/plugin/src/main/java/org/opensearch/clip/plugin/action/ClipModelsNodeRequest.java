package org.opensearch.clip.plugin.action;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;

/** The per-node part of a {@link ClipModelsRequest}; it carries nothing. */
public final class ClipModelsNodeRequest extends TransportRequest {
    public ClipModelsNodeRequest() {}

    public ClipModelsNodeRequest(StreamInput in) throws IOException {
        super(in);
    }
}
