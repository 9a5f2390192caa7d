package org.opensearch.clip.plugin.model;

/** Where a model bundle is in its life on this node. */
public enum ModelState {
    LOADING,
    LOADED,
    FAILED,
    /** Being downloaded and built by a register request; loading follows. */
    DOWNLOADING;

    /** The lower-case name shown in the models API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
