package org.opensearch.clip.plugin.ivf;

/** Test fixture: IVF models as the store hands them out, with a version, for tests outside this package. */
public final class StoredModels {
    private StoredModels() {}

    /** The model with a version assigned, as after it was stored. */
    public static IvfModel stored(IvfModel model, int version) {
        return model.withVersion(version);
    }
}
