package org.opensearch.clip.plugin.model;

/** Where a node's model comes from: a bundle an operator placed in the config directory, or a register request. */
public enum ModelOrigin {
    /** A bundle under {@code config/opensearch-clip/models/}: always present, never deleted through the API. */
    CONFIG,
    /** Registered through the API: listed in the {@code .clip-models} system index, built under the node's data path. */
    REGISTERED;

    /** The lower-case name shown in the models API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
