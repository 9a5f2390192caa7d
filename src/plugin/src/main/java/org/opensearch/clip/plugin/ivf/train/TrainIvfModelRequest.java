package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.clip.encoder.ivf.KMeansOptions;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * What to train: the model name, the index and {@code knn_vector} field to sample, and the k-means settings. Built
 * from the body of {@code POST _plugins/_clip/ivf/models/{name}/_train}.
 */
public final class TrainIvfModelRequest extends ActionRequest {
    /** The most floats a training sample may hold (128 MB). */
    public static final long MAX_SAMPLE_FLOATS = 32L * 1024 * 1024;
    /** Training vectors per list when {@code sample_size} is not given. */
    public static final int DEFAULT_SAMPLE_PER_LIST = 256;
    static final Set<String> OPTIONS = Set.of("index", "field", "nlist", "sample_size", "max_iterations", "tolerance", "seed",
        "space_type", "description");

    private final String name;
    private final String index;
    private final String field;
    private final Integer nlist;
    private final Integer sampleSize;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;
    private final SpaceType space;
    private final String description;
    private boolean storeResult;
    // node-local, never serialised: told once the new version is registered (or preparing it failed)
    private ActionListener<TrainingStarted> started = ActionListener.wrap(s -> {}, e -> {});

    private TrainIvfModelRequest(String name, String index, String field, Integer nlist, Integer sampleSize, int maxIterations,
        double tolerance, long seed, SpaceType space, String description) {
        this.name = name;
        this.index = index;
        this.field = field;
        this.nlist = nlist;
        this.sampleSize = sampleSize;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.seed = seed;
        this.space = space;
        this.description = description;
    }

    /**
     * Reads the request body, refusing unknown options and wrong values with a message naming the option.
     *
     * @throws IllegalArgumentException on a wrong body
     */
    public static TrainIvfModelRequest fromBody(String name, Map<String, Object> body) {
        IvfModelRef.parse(name);
        if (name.contains(":")) {
            throw new IllegalArgumentException("train a model by name; versions are assigned: got [" + name + "]");
        }
        for (String key : body.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option [" + key + "]; training takes " + OPTIONS.stream().sorted().toList());
            }
        }
        String index = requiredString(body, "index");
        String field = requiredString(body, "field");
        Integer nlist = optionalInt(body, "nlist");
        Integer sampleSize = optionalInt(body, "sample_size");
        Integer maxIterations = optionalInt(body, "max_iterations");
        Object tolerance = body.get("tolerance");
        if (tolerance != null && !(tolerance instanceof Number)) {
            throw new IllegalArgumentException("[tolerance] must be a number, got [" + tolerance + "]");
        }
        Object seed = body.get("seed");
        if (seed != null && !(seed instanceof Number)) {
            throw new IllegalArgumentException("[seed] must be an integer, got [" + seed + "]");
        }
        SpaceType space = null;
        if (body.get("space_type") != null) {
            try {
                space = SpaceType.fromLabel(body.get("space_type").toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[space_type] " + e.getMessage());
            }
        }
        Object description = body.get("description");
        TrainIvfModelRequest request = new TrainIvfModelRequest(name, index, field, nlist, sampleSize,
            maxIterations == null ? KMeansOptions.DEFAULT_MAX_ITERATIONS : maxIterations,
            tolerance == null ? KMeansOptions.DEFAULT_TOLERANCE : ((Number) tolerance).doubleValue(),
            seed == null ? KMeansOptions.DEFAULT_SEED : ((Number) seed).longValue(), space,
            description == null ? null : description.toString());
        request.kmeansOptions(nlist == null ? 1 : nlist); // checks the ranges now, with the same messages as training
        if (sampleSize != null && sampleSize < 1) {
            throw new IllegalArgumentException("[sample_size] must be at least 1, got " + sampleSize);
        }
        if (nlist != null && sampleSize != null && sampleSize < nlist) {
            throw new IllegalArgumentException("[sample_size] " + sampleSize + " must be at least nlist " + nlist);
        }
        return request;
    }

    private static String requiredString(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("[" + key + "] is required: the " + (key.equals("index") ? "index to sample"
                : "knn_vector field to sample"));
        }
        return s;
    }

    private static Integer optionalInt(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer) && !(value instanceof Long)) {
            throw new IllegalArgumentException("[" + key + "] must be an integer, got [" + value + "]");
        }
        return ((Number) value).intValue();
    }

    /** Reads a request sent by another node. */
    public TrainIvfModelRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readString();
        this.index = in.readString();
        this.field = in.readString();
        this.nlist = in.readOptionalVInt();
        this.sampleSize = in.readOptionalVInt();
        this.maxIterations = in.readVInt();
        this.tolerance = in.readDouble();
        this.seed = in.readLong();
        this.space = in.readBoolean() ? SpaceType.fromLabel(in.readString()) : null;
        this.description = in.readOptionalString();
        this.storeResult = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(name);
        out.writeString(index);
        out.writeString(field);
        out.writeOptionalVInt(nlist);
        out.writeOptionalVInt(sampleSize);
        out.writeVInt(maxIterations);
        out.writeDouble(tolerance);
        out.writeLong(seed);
        out.writeBoolean(space != null);
        if (space != null) {
            out.writeString(space.label());
        }
        out.writeOptionalString(description);
        out.writeBoolean(storeResult);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null; // fromBody refuses wrong values with precise messages
    }

    /** Keeps the outcome in the tasks index, so {@code GET _tasks/<id>} shows it after the task ends. */
    public void storeResult(boolean store) {
        this.storeResult = store;
    }

    /**
     * Asks to be told when the training has registered its model version and started sampling, or why it could not
     * start (a wrong index, field, space type or nlist): the REST handler answers then.
     */
    public void onStarted(ActionListener<TrainingStarted> listener) {
        this.started = listener;
    }

    ActionListener<TrainingStarted> started() {
        return started;
    }

    @Override
    public boolean getShouldStoreResult() {
        return storeResult;
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new IvfTrainingTask(id, type, action, getDescription(), parentTaskId, headers, name);
    }

    @Override
    public String getDescription() {
        return "train IVF model [" + name + "] on [" + index + "][" + field + "]";
    }

    /** The model name. */
    public String name() {
        return name;
    }

    /** The index (or alias or pattern) sampled. */
    public String index() {
        return index;
    }

    /** The knn_vector field sampled. */
    public String field() {
        return field;
    }

    /** The number of lists, or null to choose from the index size. */
    public Integer nlist() {
        return nlist;
    }

    /** The sample size, or null for {@link #DEFAULT_SAMPLE_PER_LIST} per list. */
    public Integer sampleSize() {
        return sampleSize;
    }

    /** The space asked for, or null for the field's. */
    public SpaceType space() {
        return space;
    }

    /** The description stored with the model, or null. */
    public String description() {
        return description;
    }

    /** The seed of the sample and of the k-means seeding. */
    public long seed() {
        return seed;
    }

    /** The k-means settings for a list count. */
    public KMeansOptions kmeansOptions(int lists) {
        return new KMeansOptions(lists, maxIterations, tolerance, seed);
    }

    /** The settings as recorded with the model. */
    public Map<String, Object> describe() {
        return Map.of("index", index, "field", field, "max_iterations", maxIterations, "tolerance", tolerance, "seed", seed);
    }
}
