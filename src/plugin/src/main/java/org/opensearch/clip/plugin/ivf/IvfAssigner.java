package org.opensearch.clip.plugin.ivf;

import org.opensearch.core.action.ActionListener;

/**
 * Puts vectors into the lists of the IVF model a pipeline names: resolves the model (its latest trained version, or
 * the version named) once per batch, then gives each vector the list value of its nearest centroid.
 */
public final class IvfAssigner {
    private final IvfModelRef ref;
    private final IvfModelStore store;

    /** An assigner for a model reference. */
    public IvfAssigner(IvfModelRef ref, IvfModelStore store) {
        this.ref = ref;
        this.store = store;
    }

    /** Finds the trained model to assign with; fails with a message saying what is wrong. */
    public void resolve(ActionListener<IvfModel> listener) {
        store.resolveTrained(ref, listener);
    }

    /**
     * The list value of a vector: {@code <model>:<version>:<list>}.
     *
     * @throws IllegalArgumentException when the vector's length is not the model's dimension
     */
    public static String listValue(IvfModel model, float[] vector) {
        if (vector.length != model.dimension()) {
            throw new IllegalArgumentException("IVF model [" + model.ref() + "] has dimension " + model.dimension() + ", the vector has "
                + vector.length);
        }
        return IvfListField.value(model.ref(), model.centroids().nearest(vector));
    }
}
