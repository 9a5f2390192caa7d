package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.Task;

import java.io.IOException;

/**
 * A snapshot of a training task's progress, shown by the tasks API ({@code GET _tasks/<id>} or
 * {@code GET _tasks?actions=cluster:admin/clip/ivf/train&detailed}).
 *
 * @param model         the model version being trained ({@code name:version}), or the name before it has a version
 * @param phase         the current step
 * @param sampled       vectors read so far
 * @param sampleSize    vectors wanted (0 until known)
 * @param iteration     k-means iterations done
 * @param maxIterations the iteration bound
 * @param objective     the mean similarity of the sample to its centroids after the last iteration (NaN before)
 * @param moved         vectors that changed list in the last iteration
 */
public record IvfTrainingStatus(String model, TrainingPhase phase, long sampled, long sampleSize, int iteration, int maxIterations,
    double objective, long moved) implements Task.Status {
    /** The name the status is registered under. */
    public static final String NAME = "clip_ivf_training";

    /** Reads a status sent by another node. */
    public IvfTrainingStatus(StreamInput in) throws IOException {
        this(in.readString(), in.readEnum(TrainingPhase.class), in.readVLong(), in.readVLong(), in.readVInt(), in.readVInt(),
            in.readDouble(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(model);
        out.writeEnum(phase);
        out.writeVLong(sampled);
        out.writeVLong(sampleSize);
        out.writeVInt(iteration);
        out.writeVInt(maxIterations);
        out.writeDouble(objective);
        out.writeVLong(moved);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("model", model);
        builder.field("phase", phase.label());
        builder.field("vectors_sampled", sampled);
        builder.field("sample_size", sampleSize);
        builder.field("iteration", iteration);
        builder.field("max_iterations", maxIterations);
        if (!Double.isNaN(objective)) {
            builder.field("objective", objective);
            builder.field("moved", moved);
        }
        return builder.endObject();
    }
}
