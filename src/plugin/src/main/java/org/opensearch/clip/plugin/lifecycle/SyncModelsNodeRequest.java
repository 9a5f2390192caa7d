package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;
import java.util.List;

/** The per-node part of a {@link SyncModelsRequest}: the records to reconcile with. */
public final class SyncModelsNodeRequest extends TransportRequest {
    private final List<ModelRecord> records;

    SyncModelsNodeRequest(List<ModelRecord> records) {
        this.records = records;
    }

    /** Reads a request sent by another node. */
    public SyncModelsNodeRequest(StreamInput in) throws IOException {
        super(in);
        this.records = SyncModelsRequest.readRecords(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        SyncModelsRequest.writeRecords(out, records);
    }

    List<ModelRecord> records() {
        return records;
    }
}
