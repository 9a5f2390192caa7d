package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.ClipModelsResponse;

/** Tells every node the cluster's model records after a change; each reconciles and answers with its models. */
public final class SyncModelsAction extends ActionType<ClipModelsResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/models/sync";
    /** The single instance. */
    public static final SyncModelsAction INSTANCE = new SyncModelsAction();

    private SyncModelsAction() {
        super(NAME, ClipModelsResponse::new);
    }
}
