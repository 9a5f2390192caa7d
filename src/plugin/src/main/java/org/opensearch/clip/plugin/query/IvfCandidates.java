package org.opensearch.clip.plugin.query;

import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.plugin.ivf.IvfListField;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IVF part of a query as the shards get it: the model version whose lists were probed (and its space and
 * dimension, checked against the field on each shard) and the probed lists, chosen once on the coordinating node.
 *
 * @param model     the model version
 * @param space     the model's space
 * @param dimension the model's dimension
 * @param lists     the probed lists, nearest first
 */
public record IvfCandidates(IvfModelRef model, SpaceType space, int dimension, int[] lists) implements Writeable {
    /** The {@code nprobes} lists of a trained model nearest to a query vector. */
    public static IvfCandidates probe(IvfModel model, float[] vector, int nprobes) {
        if (vector.length != model.dimension()) {
            throw new IllegalArgumentException("IVF model [" + model.ref() + "] has dimension " + model.dimension()
                + ", the query vector has " + vector.length);
        }
        return new IvfCandidates(model.ref(), model.space(), model.dimension(), model.centroids().nearest(vector, nprobes));
    }

    /** Reads candidates sent by another node. */
    public static IvfCandidates read(StreamInput in) throws IOException {
        return new IvfCandidates(IvfModelRef.parse(in.readString()), SpaceType.fromLabel(in.readString()), in.readVInt(), in.readVIntArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(model.toString());
        out.writeString(space.label());
        out.writeVInt(dimension);
        out.writeVIntArray(lists);
    }

    /** The list field values of the probed lists. */
    public List<String> listValues() {
        List<String> values = new ArrayList<>(lists.length);
        for (int list : lists) {
            values.add(IvfListField.value(model, list));
        }
        return values;
    }

    /** Writes {@code "ivf": {"model": ..., "space_type": ..., "dimension": ..., "lists": [...]}}. */
    void toXContent(XContentBuilder builder) throws IOException {
        builder.startObject("ivf");
        builder.field("model", model.toString());
        builder.field("space_type", space.label());
        builder.field("dimension", dimension);
        builder.array("lists", lists);
        builder.endObject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IvfCandidates that && model.equals(that.model) && space == that.space && dimension == that.dimension
            && Arrays.equals(lists, that.lists);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * model.hashCode() + space.hashCode()) + Arrays.hashCode(lists);
    }

    @Override
    public String toString() {
        return "IvfCandidates[" + model + ", lists=" + Arrays.toString(lists) + "]";
    }
}
