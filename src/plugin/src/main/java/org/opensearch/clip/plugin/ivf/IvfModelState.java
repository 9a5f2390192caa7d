package org.opensearch.clip.plugin.ivf;

import java.util.Locale;

/** Where an IVF model version is in its life: being trained, usable, or failed (with the reason stored). */
public enum IvfModelState {
    /** A training task is computing its centroids. */
    TRAINING,
    /** Its centroids are stored; ingest and queries can use it. */
    TRAINED,
    /** Its training failed or was cancelled; the error is stored with it. */
    FAILED;

    /** The name stored and shown. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored name. */
    public static IvfModelState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
