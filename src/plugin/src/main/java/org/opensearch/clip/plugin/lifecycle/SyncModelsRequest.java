package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** The records every node reconciles with (null: the index does not exist), read once by the coordinating node. */
public final class SyncModelsRequest extends BaseNodesRequest<SyncModelsRequest> {
    private final List<ModelRecord> records;

    /** Asks every node to reconcile with {@code records}. */
    public SyncModelsRequest(List<ModelRecord> records) {
        super((String[]) null);
        this.records = records == null ? null : List.copyOf(records);
    }

    /** Reads a request sent by another node. */
    public SyncModelsRequest(StreamInput in) throws IOException {
        super(in);
        this.records = readRecords(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        writeRecords(out, records);
    }

    /** The records, or null when the index does not exist. */
    public List<ModelRecord> records() {
        return records;
    }

    static List<ModelRecord> readRecords(StreamInput in) throws IOException {
        return in.readBoolean() ? in.readList(ModelRecord::readFrom) : null;
    }

    static void writeRecords(StreamOutput out, List<ModelRecord> records) throws IOException {
        out.writeBoolean(records != null);
        if (records != null) {
            out.writeList(records);
        }
    }
}
