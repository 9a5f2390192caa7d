package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.JsonResponse;

/** Deletes, unloads or loads a model cluster-wide (the request's {@code op} parameter says which). */
public final class ModelLifecycleAction extends ActionType<JsonResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/models/lifecycle";
    /** The single instance. */
    public static final ModelLifecycleAction INSTANCE = new ModelLifecycleAction();
    /** The request parameter naming the operation: delete, unload or load. */
    public static final String OP = "op";
    /** The request parameter naming the model. */
    public static final String NAME_PARAM = "name";
    /** The request parameter that deletes a model even while pipelines or index fields use it. */
    public static final String FORCE = "force";

    private ModelLifecycleAction() {
        super(NAME, JsonResponse::new);
    }
}
