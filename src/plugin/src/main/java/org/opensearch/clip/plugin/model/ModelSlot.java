package org.opensearch.clip.plugin.model;

import org.opensearch.clip.encoder.ClipEncoder;

import java.nio.file.Path;
import java.util.List;

/** One model of the registry: what its manifest says and where its loading stands. */
final class ModelSlot {
    private final String name;
    private final String version;
    private final int dimension;
    private final Path source;
    private volatile ModelState state = ModelState.LOADING;
    private volatile LoadedModel loaded;
    private volatile String error;

    ModelSlot(String name, String version, int dimension, Path source) {
        this.name = name;
        this.version = version;
        this.dimension = dimension;
        this.source = source;
    }

    /** A model a register request is downloading; it becomes a loading slot for the built bundle when that is done. */
    static ModelSlot downloading(String name, String version, int dimension, Path source) {
        ModelSlot slot = new ModelSlot(name, version, dimension, source);
        slot.state = ModelState.DOWNLOADING;
        return slot;
    }

    static ModelSlot failed(String name, Path source, String error) {
        ModelSlot slot = new ModelSlot(name, "", 0, source);
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

    void loaded(List<ClipEncoder> replicas) {
        this.loaded = new LoadedModel(name, version, List.copyOf(replicas));
        this.state = ModelState.LOADED;
    }

    void failed(String reason) {
        this.error = reason;
        this.state = ModelState.FAILED;
    }

    ModelStatus status(boolean isDefault) {
        LoadedModel current = loaded;
        List<String> devices = current == null ? List.of() : current.devices();
        String device = devices.isEmpty() ? "none" : devices.get(0);
        return new ModelStatus(name, version, dimension, device, devices, state, isDefault, source.toString(), error);
    }

    void close() {
        LoadedModel current = loaded;
        if (current != null) {
            current.encoders().forEach(ClipEncoder::close);
        }
    }
}
