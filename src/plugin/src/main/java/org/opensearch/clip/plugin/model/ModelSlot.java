package org.opensearch.clip.plugin.model;

import org.opensearch.clip.encoder.ClipEncoder;

import java.nio.file.Path;
import java.util.List;

/** One model of the registry: what its manifest says, where it came from and where its loading stands. */
final class ModelSlot {
    private final String name;
    private final String version;
    private final int dimension;
    private final Path source;
    private final ModelOrigin origin;
    private volatile ModelState state = ModelState.LOADING;
    private volatile LoadedModel loaded;
    private volatile String error;

    ModelSlot(String name, String version, int dimension, Path source, ModelOrigin origin) {
        this.name = name;
        this.version = version;
        this.dimension = dimension;
        this.source = source;
        this.origin = origin;
    }

    /** A model a register request is downloading; it becomes a loading slot for the built bundle when that is done. */
    static ModelSlot downloading(String name, String version, int dimension, Path source) {
        ModelSlot slot = new ModelSlot(name, version, dimension, source, ModelOrigin.REGISTERED);
        slot.state = ModelState.DOWNLOADING;
        return slot;
    }

    static ModelSlot failed(String name, String version, int dimension, Path source, ModelOrigin origin, String error) {
        ModelSlot slot = new ModelSlot(name, version, dimension, source, origin);
        slot.failed(error);
        return slot;
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    int dimension() {
        return dimension;
    }

    Path source() {
        return source;
    }

    ModelOrigin origin() {
        return origin;
    }

    ModelState state() {
        return state;
    }

    /** The loaded replicas, or null until the model is loaded. */
    LoadedModel loaded() {
        return loaded;
    }

    String error() {
        return error;
    }

    /** Takes the replicas of a load that finished; false (and nothing changes) when the slot was unloaded meanwhile. */
    synchronized boolean loaded(List<ClipEncoder> replicas) {
        if (state != ModelState.LOADING) {
            return false;
        }
        this.loaded = new LoadedModel(name, version, List.copyOf(replicas));
        this.state = ModelState.LOADED;
        return true;
    }

    synchronized void failed(String reason) {
        this.error = reason;
        this.state = ModelState.FAILED;
    }

    /** Marks the slot unloaded and hands back the replicas it held (null if none), for the caller to close. */
    synchronized LoadedModel unload() {
        LoadedModel current = loaded;
        loaded = null;
        error = null;
        state = ModelState.UNLOADED;
        return current;
    }

    /** Marks an unloaded or failed slot as loading again; false when it is in another state. */
    synchronized boolean reload() {
        if (state != ModelState.UNLOADED && state != ModelState.FAILED) {
            return false;
        }
        error = null;
        state = ModelState.LOADING;
        return true;
    }

    ModelStatus status(boolean isDefault) {
        LoadedModel current = loaded;
        List<String> devices = current == null ? List.of() : current.devices();
        String device = devices.isEmpty() ? "none" : devices.get(0);
        return new ModelStatus(name, version, dimension, device, devices, state, isDefault, source.toString(), error, origin);
    }

    void close() {
        LoadedModel current = loaded;
        if (current != null) {
            current.encoders().forEach(ClipEncoder::close);
        }
    }
}
