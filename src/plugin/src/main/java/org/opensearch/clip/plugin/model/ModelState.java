package org.opensearch.clip.plugin.model;

/** Where a model bundle is in its life on this node. */
public enum ModelState {
    LOADING,
    LOADED,
    FAILED;

    /** The lower-case name shown in the models API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
