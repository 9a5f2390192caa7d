package org.opensearch.clip.plugin.model;

import org.opensearch.clip.encoder.ClipEncoder;

import java.nio.file.Path;

/** One model of the registry: what its manifest says and where its loading stands. */
final class ModelSlot {
    private final String name;
    private final String version;
    private final int dimension;
    private final Path source;
    private volatile ModelState state = ModelState.LOADING;
    private volatile ClipEncoder encoder;
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

    ClipEncoder encoder() {
        return encoder;
    }

    String error() {
        return error;
    }

    void loaded(ClipEncoder loaded) {
        this.encoder = loaded;
        this.state = ModelState.LOADED;
    }

    void failed(String reason) {
        this.error = reason;
        this.state = ModelState.FAILED;
    }

    ModelStatus status(boolean isDefault) {
        ClipEncoder current = encoder;
        String device = current == null ? "none" : current.deviceName();
        return new ModelStatus(name, version, dimension, device, state, isDefault, source.toString(), error);
    }

    void close() {
        ClipEncoder current = encoder;
        if (current != null) {
            current.close();
        }
    }
}
