package org.opensearch.clip.plugin.model;

/** Where a model bundle is in its life on this node. */
public enum ModelState {
    LOADING,
    LOADED,
    FAILED,
    /** Being downloaded and built by a register request; loading follows. */
    DOWNLOADING,
    /** Unloaded by an operator (POST _plugins/_clip/models/{name}/_unload): known, holding no memory, refusing requests. */
    UNLOADED;

    /** The lower-case name shown in the models API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
