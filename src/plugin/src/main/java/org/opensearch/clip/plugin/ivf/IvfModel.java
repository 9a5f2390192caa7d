package org.opensearch.clip.plugin.ivf;

import org.opensearch.clip.encoder.ivf.Centroids;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One version of an IVF model as stored in the model index: its identity, state, space, shape, centroids (once
 * trained) and what its training did. Immutable; a state change makes a new instance.
 */
public final class IvfModel {
    private final String name;
    private final int version;
    private final IvfModelState state;
    private final SpaceType space;
    private final int dimension;
    private final int nlist;
    private final Centroids centroids;
    private final long createdAt;
    private final String description;
    private final Map<String, Object> training;
    private final String error;

    private IvfModel(String name, int version, IvfModelState state, SpaceType space, int dimension, int nlist, Centroids centroids,
        long createdAt, String description, Map<String, Object> training, String error) {
        this.name = name;
        this.version = version;
        this.state = state;
        this.space = space;
        this.dimension = dimension;
        this.nlist = nlist;
        this.centroids = centroids;
        this.createdAt = createdAt;
        this.description = description;
        this.training = Map.copyOf(training);
        this.error = error;
    }

    /** A model about to be trained: the version is assigned when it is stored. */
    public static IvfModel training(String name, SpaceType space, int dimension, int nlist, String description,
        Map<String, Object> training) {
        return new IvfModel(name, 0, IvfModelState.TRAINING, space, dimension, nlist, null, System.currentTimeMillis(), description,
            training, null);
    }

    /** A model whose centroids are known (uploaded): the version is assigned when it is stored. */
    public static IvfModel trained(String name, Centroids centroids, String description, Map<String, Object> training) {
        return new IvfModel(name, 0, IvfModelState.TRAINED, centroids.space(), centroids.dimension(), centroids.count(), centroids,
            System.currentTimeMillis(), description, training, null);
    }

    /** This model with the version the store gave it. */
    IvfModel withVersion(int assigned) {
        return new IvfModel(name, assigned, state, space, dimension, nlist, centroids, createdAt, description, training, error);
    }

    /** This model, trained: its centroids and the training's statistics added to what is already recorded. */
    public IvfModel completed(Centroids trained, Map<String, Object> statistics) {
        if (trained.dimension() != dimension || trained.count() != nlist || trained.space() != space) {
            throw new IllegalArgumentException("trained centroids do not fit model [" + ref() + "]");
        }
        Map<String, Object> merged = new LinkedHashMap<>(training);
        merged.putAll(statistics);
        return new IvfModel(name, version, IvfModelState.TRAINED, space, dimension, nlist, trained, createdAt, description, merged, null);
    }

    /** This model, failed with a reason. */
    public IvfModel failed(String reason) {
        return new IvfModel(name, version, IvfModelState.FAILED, space, dimension, nlist, null, createdAt, description, training, reason);
    }

    /** The model name. */
    public String name() {
        return name;
    }

    /** The version, from 1 (0 before it is stored). */
    public int version() {
        return version;
    }

    /** The reference {@code name:version}. */
    public IvfModelRef ref() {
        return IvfModelRef.of(name, version);
    }

    /** Training, trained or failed. */
    public IvfModelState state() {
        return state;
    }

    /** The space the lists were formed in; it must be the vector field's. */
    public SpaceType space() {
        return space;
    }

    /** The vector length. */
    public int dimension() {
        return dimension;
    }

    /** The number of lists. */
    public int nlist() {
        return nlist;
    }

    /** The centroids; null unless trained. */
    public Centroids centroids() {
        return centroids;
    }

    /** The failure reason of a failed model, else null. */
    public String error() {
        return error;
    }

    /** What the training recorded (source, sample, iterations, ...). */
    public Map<String, Object> training() {
        return training;
    }

    /** The document stored in the model index. */
    Map<String, Object> toSource() {
        Map<String, Object> source = new HashMap<>();
        source.put("name", name);
        source.put("version", version);
        source.put("state", state.label());
        source.put("space_type", space.label());
        source.put("dimension", dimension);
        source.put("nlist", nlist);
        source.put("created_at", createdAt);
        source.put("description", description);
        source.put("training", training);
        source.put("error", error);
        source.put("centroids", centroids == null ? null : CentroidCodec.encode(centroids.toArray()));
        return source;
    }

    /** Reads a stored document; centroids are decoded only when asked for (they can be megabytes). */
    @SuppressWarnings("unchecked")
    static IvfModel fromSource(Map<String, Object> source, boolean withCentroids) {
        SpaceType space = SpaceType.fromLabel((String) source.get("space_type"));
        int dimension = ((Number) source.get("dimension")).intValue();
        int nlist = ((Number) source.get("nlist")).intValue();
        Object encoded = source.get("centroids");
        Centroids centroids = withCentroids && encoded != null
            ? new Centroids(space, CentroidCodec.decode((String) encoded, nlist, dimension))
            : null;
        Object training = source.get("training");
        return new IvfModel(
            (String) source.get("name"),
            ((Number) source.get("version")).intValue(),
            IvfModelState.fromLabel((String) source.get("state")),
            space,
            dimension,
            nlist,
            centroids,
            ((Number) source.get("created_at")).longValue(),
            (String) source.get("description"),
            training == null ? Map.of() : (Map<String, Object>) training,
            (String) source.get("error")
        );
    }

    /** Writes the model as the API shows it; centroids (as arrays) only when asked for and loaded. */
    public XContentBuilder toXContent(XContentBuilder builder, boolean withCentroids) throws IOException {
        builder.startObject();
        builder.field("name", name);
        builder.field("version", version);
        builder.field("model", ref().toString());
        builder.field("state", state.label());
        builder.field("space_type", space.label());
        builder.field("dimension", dimension);
        builder.field("nlist", nlist);
        builder.field("created_at", Instant.ofEpochMilli(createdAt).toString());
        if (description != null) {
            builder.field("description", description);
        }
        builder.field("training", training);
        if (error != null) {
            builder.field("error", error);
        }
        if (withCentroids && centroids != null) {
            builder.startArray("centroids");
            for (float[] row : centroids.toArray()) {
                builder.value(row);
            }
            builder.endArray();
        }
        return builder.endObject();
    }

    @Override
    public String toString() {
        return "IVF model [" + ref() + "] (" + state.label() + ", " + space.label() + ", dimension " + dimension + ", nlist " + nlist + ")";
    }
}
