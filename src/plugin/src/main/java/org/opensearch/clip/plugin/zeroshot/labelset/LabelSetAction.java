package org.opensearch.clip.plugin.zeroshot.labelset;

import org.opensearch.action.ActionType;
import org.opensearch.clip.plugin.action.JsonResponse;

/** Stores, reads, lists and deletes label sets (the request's {@code op} parameter says which). */
public final class LabelSetAction extends ActionType<JsonResponse> {
    /** The action's transport name. */
    public static final String NAME = "cluster:admin/clip/label_sets";
    /** The single instance. */
    public static final LabelSetAction INSTANCE = new LabelSetAction();
    /** The request parameter naming the operation: put, get, list or delete. */
    public static final String OP = "op";
    /** The request parameter naming the set. */
    public static final String NAME_PARAM = "name";

    private LabelSetAction() {
        super(NAME, JsonResponse::new);
    }
}
