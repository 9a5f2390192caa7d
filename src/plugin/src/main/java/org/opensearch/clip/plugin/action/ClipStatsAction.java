package org.opensearch.clip.plugin.action;

import org.opensearch.action.ActionType;

/** Collects the embedding service's stats of every node (or of the nodes asked for). */
public final class ClipStatsAction extends ActionType<ClipStatsResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:monitor/clip/stats";
    /** The single instance. */
    public static final ClipStatsAction INSTANCE = new ClipStatsAction();

    private ClipStatsAction() {
        super(NAME, ClipStatsResponse::new);
    }
}
