package org.opensearch.clip.plugin.action;

import org.opensearch.action.ActionType;

/** Registers a model (from the catalog, or a bundle zip at a URL) on every node, in the background. */
public final class ClipRegisterModelAction extends ActionType<ClipRegisterModelResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/models/register";
    /** The single instance. */
    public static final ClipRegisterModelAction INSTANCE = new ClipRegisterModelAction();

    private ClipRegisterModelAction() {
        super(NAME, ClipRegisterModelResponse::new);
    }
}
