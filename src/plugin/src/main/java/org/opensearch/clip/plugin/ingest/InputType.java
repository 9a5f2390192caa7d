package org.opensearch.clip.plugin.ingest;

import java.util.Locale;

/** What a mapped source field holds: images (base64 or data URIs) or texts (captions). */
public enum InputType {
    IMAGE,
    TEXT;

    /** Parses {@code image} or {@code text}. */
    public static InputType fromName(String name) {
        for (InputType type : values()) {
            if (type.label().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("type [" + name + "] must be one of [image, text]");
    }

    /** The name used in configurations. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
