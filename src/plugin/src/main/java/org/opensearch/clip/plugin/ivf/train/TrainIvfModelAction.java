package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.action.ActionType;

/** Trains a new version of an IVF model on a sample of an index's vectors, as a cancellable task with progress. */
public final class TrainIvfModelAction extends ActionType<TrainIvfModelResponse> {
    /** The action's transport name (also what {@code GET _tasks?actions=...} matches). */
    public static final String NAME = "cluster:admin/clip/ivf/train";
    /** The single instance. */
    public static final TrainIvfModelAction INSTANCE = new TrainIvfModelAction();

    private TrainIvfModelAction() {
        super(NAME, TrainIvfModelResponse::new);
    }
}
