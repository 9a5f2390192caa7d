package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** The trained model as the models API shows it (without centroids); also what the tasks index keeps. */
public final class TrainIvfModelResponse extends ActionResponse implements ToXContentObject {
    private final Map<String, Object> model;

    TrainIvfModelResponse(Map<String, Object> model) {
        this.model = model;
    }

    /** Reads a response sent by another node. */
    public TrainIvfModelResponse(StreamInput in) throws IOException {
        super(in);
        this.model = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(model);
    }

    /** The model's description. */
    public Map<String, Object> model() {
        return model;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(model);
    }
}
