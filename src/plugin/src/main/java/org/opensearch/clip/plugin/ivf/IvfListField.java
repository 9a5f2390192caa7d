package org.opensearch.clip.plugin.ivf;

/**
 * Where a document's IVF list goes: the keyword field {@code <vector field>_ivf_list}, holding
 * {@code <model>:<version>:<list>}. Naming the model version in every value keeps documents assigned by one version
 * from ever being probed with the centroids of another.
 */
public final class IvfListField {
    /** Appended to the vector field's name. */
    public static final String SUFFIX = "_ivf_list";

    private IvfListField() {}

    /** The list field of a vector field. */
    public static String of(String vectorField) {
        return vectorField + SUFFIX;
    }

    /** The value stored for a list of a model version. */
    public static String value(IvfModelRef version, int list) {
        if (!version.pinned()) {
            throw new IllegalArgumentException("list values name a model version, got [" + version + "]");
        }
        return version + ":" + list;
    }
}
