package org.opensearch.clip.plugin.model;

import org.opensearch.Version;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/**
 * What the models API reports about one model on one node: {@code device} is the first replica's, {@code replicas} every
 * replica's, {@code origin} whether it is a config-directory bundle or a registered model.
 */
public record ModelStatus(
    String name,
    String version,
    int dimension,
    String device,
    List<String> replicas,
    ModelState state,
    boolean isDefault,
    String source,
    String error,
    ModelOrigin origin
) implements Writeable, ToXContentObject {

    /** The first wire format with {@code origin} and the {@code unloaded} state (older nodes send neither). */
    static final Version LIFECYCLE_WIRE = Version.V_3_6_0;

    /** Reads a status sent by another node. */
    public static ModelStatus readFrom(StreamInput in) throws IOException {
        String name = in.readString();
        String version = in.readString();
        int dimension = in.readVInt();
        String device = in.readString();
        List<String> replicas = in.readStringList();
        ModelState state = in.readEnum(ModelState.class);
        boolean isDefault = in.readBoolean();
        String source = in.readString();
        String error = in.readOptionalString();
        ModelOrigin origin = in.getVersion().onOrAfter(LIFECYCLE_WIRE) ? in.readEnum(ModelOrigin.class) : ModelOrigin.CONFIG;
        return new ModelStatus(name, version, dimension, device, replicas, state, isDefault, source, error, origin);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeString(version);
        out.writeVInt(dimension);
        out.writeString(device);
        out.writeStringCollection(replicas);
        boolean lifecycle = out.getVersion().onOrAfter(LIFECYCLE_WIRE);
        out.writeEnum(state == ModelState.UNLOADED && !lifecycle ? ModelState.FAILED : state);
        out.writeBoolean(isDefault);
        out.writeString(source);
        out.writeOptionalString(error);
        if (lifecycle) {
            out.writeEnum(origin);
        }
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
        builder.field("origin", origin.label());
        if (error != null) {
            builder.field("error", error);
        }
        return builder.endObject();
    }
}
