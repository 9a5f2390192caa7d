package org.opensearch.clip.plugin.model;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** What the models API reports about one model on one node: {@code device} is the first replica's, {@code replicas} every replica's. */
public record ModelStatus(
    String name,
    String version,
    int dimension,
    String device,
    List<String> replicas,
    ModelState state,
    boolean isDefault,
    String source,
    String error
) implements Writeable, ToXContentObject {

    /** Reads a status sent by another node. */
    public static ModelStatus readFrom(StreamInput in) throws IOException {
        return new ModelStatus(
            in.readString(),
            in.readString(),
            in.readVInt(),
            in.readString(),
            in.readStringList(),
            in.readEnum(ModelState.class),
            in.readBoolean(),
            in.readString(),
            in.readOptionalString()
        );
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeString(version);
        out.writeVInt(dimension);
        out.writeString(device);
        out.writeStringCollection(replicas);
        out.writeEnum(state);
        out.writeBoolean(isDefault);
        out.writeString(source);
        out.writeOptionalString(error);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("name", name);
        builder.field("version", version);
        builder.field("dimension", dimension);
        builder.field("device", device);
        builder.field("replicas", replicas);
        builder.field("state", state.label());
        builder.field("default", isDefault);
        builder.field("source", source);
        if (error != null) {
            builder.field("error", error);
        }
        return builder.endObject();
    }
}
