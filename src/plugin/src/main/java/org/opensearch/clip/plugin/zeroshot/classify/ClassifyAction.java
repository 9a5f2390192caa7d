package org.opensearch.clip.plugin.zeroshot.classify;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.JsonResponse;

/** Classifies images or documents' stored vectors into labels, zero-shot. */
public final class ClassifyAction extends ActionType<JsonResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/classify";
    /** The single instance. */
    public static final ClassifyAction INSTANCE = new ClassifyAction();

    private ClassifyAction() {
        super(NAME, JsonResponse::new);
    }
}
