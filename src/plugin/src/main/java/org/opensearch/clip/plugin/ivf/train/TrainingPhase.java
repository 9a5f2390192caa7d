package org.opensearch.clip.plugin.ivf.train;

import java.util.Locale;

/** The steps of an IVF training task, in order. */
public enum TrainingPhase {
    /** Reading the field's mapping and registering the new version. */
    PREPARING,
    /** Reading a random sample of the field's vectors. */
    SAMPLING,
    /** Running k-means. */
    CLUSTERING,
    /** Writing the centroids. */
    STORING;

    /** The name shown in the task status. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
