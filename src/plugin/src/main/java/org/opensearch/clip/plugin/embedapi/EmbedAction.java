package org.opensearch.clip.plugin.embedapi;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.JsonResponse;

/** Embeds texts and images and shows each text's tokens and the words the model does not know. */
public final class EmbedAction extends ActionType<JsonResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/embed";
    /** The single instance. */
    public static final EmbedAction INSTANCE = new EmbedAction();

    private EmbedAction() {
        super(NAME, JsonResponse::new);
    }
}
