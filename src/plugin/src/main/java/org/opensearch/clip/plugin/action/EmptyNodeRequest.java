package org.opensearch.clip.plugin.action;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;

/** The per-node part of a {@link NodesRequest}; it carries nothing. */
public final class EmptyNodeRequest extends TransportRequest {
    public EmptyNodeRequest() {}

    public EmptyNodeRequest(StreamInput in) throws IOException {
        super(in);
    }
}
