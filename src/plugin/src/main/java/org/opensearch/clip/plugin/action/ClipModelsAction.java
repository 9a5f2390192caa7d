package org.opensearch.clip.plugin.action;

import org.opensearch.action.ActionType;

/** Lists the CLIP models of every node (or of the nodes asked for). */
public final class ClipModelsAction extends ActionType<ClipModelsResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:monitor/clip/models";
    /** The single instance. */
    public static final ClipModelsAction INSTANCE = new ClipModelsAction();

    private ClipModelsAction() {
        super(NAME, ClipModelsResponse::new);
    }
}
