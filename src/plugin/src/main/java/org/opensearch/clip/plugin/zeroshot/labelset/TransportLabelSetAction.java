package org.opensearch.clip.plugin.zeroshot.labelset;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.clip.plugin.action.JsonResponse;
import org.opensearch.clip.plugin.zeroshot.LabelSet;
import org.opensearch.clip.plugin.zeroshot.LabelSetStore;
import org.opensearch.clip.plugin.zeroshot.StoredLabelSet;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The label sets API behind its REST routes: validates, then reads or writes the label-set index asynchronously. */
public final class TransportLabelSetAction extends HandledTransportAction<JsonBodyRequest, JsonResponse> {
    private static final Set<String> PUT_OPTIONS = Set.of("labels", "templates", "prompts", "description");

    private final LabelSetStore store;

    /** Built by OpenSearch's injector. */
    @Inject
    public TransportLabelSetAction(TransportService transportService, ActionFilters actionFilters, LabelSetStore store) {
        super(LabelSetAction.NAME, transportService, actionFilters, JsonBodyRequest::new);
        this.store = store;
    }

    @Override
    protected void doExecute(Task task, JsonBodyRequest request, ActionListener<JsonResponse> listener) {
        String op = request.param(LabelSetAction.OP);
        String name = request.param(LabelSetAction.NAME_PARAM);
        try {
            switch (op) {
                case "put" -> put(name, request.body(), listener);
                case "get" -> store.get(LabelSetStore.checkName(name),
                    ActionListener.wrap(set -> listener.onResponse(new JsonResponse(set.toMap())), listener::onFailure));
                case "list" -> store.list(ActionListener.wrap(sets -> {
                    List<Object> all = sets.stream().map(s -> (Object) s.toMap()).toList();
                    listener.onResponse(new JsonResponse(Map.of("label_sets", all)));
                }, listener::onFailure));
                case "delete" -> store.delete(LabelSetStore.checkName(name), ActionListener.wrap(
                    deleted -> listener.onResponse(new JsonResponse(Map.of("deleted", name))), listener::onFailure));
                default -> throw new IllegalArgumentException("unknown label set operation [" + op + "]");
            }
        } catch (RuntimeException e) {
            listener.onFailure(e);
        }
    }

    private void put(String name, Map<String, Object> body, ActionListener<JsonResponse> listener) {
        LabelSetStore.checkName(name);
        Map<String, Object> set = new HashMap<>(body);
        Object description = set.remove("description");
        if (description != null && !(description instanceof String)) {
            throw new IllegalArgumentException("[description] must be a string");
        }
        for (String key : body.keySet()) {
            if (!PUT_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option [" + key + "]; a label set takes " + PUT_OPTIONS.stream().sorted().toList());
            }
        }
        LabelSet parsed = LabelSet.fromMap(set, Set.of("labels", "templates", "prompts"));
        store.put(name, parsed, (String) description, ActionListener.wrap(stored -> listener.onResponse(created(stored)),
            listener::onFailure));
    }

    private static JsonResponse created(StoredLabelSet stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", stored.name());
        body.put("version", stored.version());
        body.put("result", stored.version() == 1 ? "created" : "updated");
        body.put("labels", stored.set().labels().size());
        return new JsonResponse(stored.version() == 1 ? RestStatus.CREATED : RestStatus.OK, body);
    }
}
