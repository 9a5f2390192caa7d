package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.clip.plugin.action.ClipModelsNodeResponse;
import org.opensearch.clip.plugin.action.ClipModelsResponse;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.clip.plugin.action.JsonResponse;
import org.opensearch.clip.plugin.model.ModelOrigin;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DELETE _plugins/_clip/models/{name}}, {@code POST .../{name}/_unload} and {@code .../_load}: changes the
 * model's record in {@code .clip-models}, then has every node reconcile ({@link SyncModelsAction}) and answers with
 * the model's state on each. A delete is refused (409) while a pipeline or an index field uses the model, unless
 * forced; a config-directory bundle cannot be deleted (400), only unloaded and loaded.
 */
public final class TransportModelLifecycleAction extends HandledTransportAction<JsonBodyRequest, JsonResponse> {
    private final ModelRecordStore store;
    private final ModelRegistry registry;
    private final ClusterService clusterService;
    private final Client client;

    /** Built by OpenSearch's injector. */
    @Inject
    public TransportModelLifecycleAction(TransportService transportService, ActionFilters actionFilters, ModelRecordStore store,
        ModelRegistry registry, ClusterService clusterService, Client client) {
        super(ModelLifecycleAction.NAME, transportService, actionFilters, JsonBodyRequest::new);
        this.store = store;
        this.registry = registry;
        this.clusterService = clusterService;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, JsonBodyRequest request, ActionListener<JsonResponse> listener) {
        String name = request.param(ModelLifecycleAction.NAME_PARAM);
        String op = request.param(ModelLifecycleAction.OP);
        try {
            switch (op) {
                case "delete" -> delete(name, Boolean.parseBoolean(request.param(ModelLifecycleAction.FORCE)), listener);
                case "unload" -> setLoaded(name, false, listener);
                case "load" -> setLoaded(name, true, listener);
                default -> throw new IllegalArgumentException("unknown model operation [" + op + "]");
            }
        } catch (RuntimeException e) {
            listener.onFailure(e);
        }
    }

    private void delete(String name, boolean force, ActionListener<JsonResponse> listener) {
        if (registry.origin(name) == ModelOrigin.CONFIG) {
            throw new IllegalArgumentException("model [" + name + "] is a bundle in config/opensearch-clip/models/ of the nodes and "
                + "cannot be deleted through the API: remove its directory on every node (or unload it with POST "
                + "_plugins/_clip/models/" + name + "/_unload)");
        }
        if (!force) {
            List<String> users = ModelUsage.of(clusterService.state(), name, registry.defaultModel());
            if (!users.isEmpty()) {
                throw new OpenSearchStatusException("model [" + name + "] is in use by " + String.join(", ", users)
                    + "; change or delete them first, or delete with ?force=true", RestStatus.CONFLICT);
            }
        }
        store.delete(name, ActionListener.wrap(existed -> {
            if (!existed && registry.status(name) == null) {
                listener.onFailure(notFound(name));
                return;
            }
            sync(name, "deleted", listener);
        }, listener::onFailure));
    }

    private void setLoaded(String name, boolean loaded, ActionListener<JsonResponse> listener) {
        store.list(ActionListener.wrap(records -> {
            ModelRecord record = records == null ? null
                : records.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
            if (record == null) {
                if (registry.origin(name) != ModelOrigin.CONFIG) {
                    listener.onFailure(notFound(name));
                    return;
                }
                record = new ModelRecord(name, null, true);
            }
            store.put(record.withLoaded(loaded), ActionListener.wrap(done -> sync(name, loaded ? "loaded" : "unloaded", listener),
                listener::onFailure));
        }, listener::onFailure));
    }

    /** Has every node reconcile with the records now stored, then answers with the model's state per node. */
    private void sync(String name, String done, ActionListener<JsonResponse> listener) {
        store.list(ActionListener.wrap(records -> client.execute(SyncModelsAction.INSTANCE, new SyncModelsRequest(records),
            ActionListener.wrap(response -> listener.onResponse(answer(name, done, response)), listener::onFailure)), listener::onFailure));
    }

    private static JsonResponse answer(String name, String done, ClipModelsResponse response) {
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (ClipModelsNodeResponse node : response.getNodes()) {
            ModelStatus status = node.models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
            nodes.put(node.getNode().getId(), Map.of("name", node.getNode().getName(), "state", status == null ? "absent"
                : status.state().label()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("acknowledged", true);
        body.put("model", name);
        body.put("result", done);
        body.put("nodes", nodes);
        if (!response.failures().isEmpty()) {
            body.put("failed_nodes", response.failures().stream().map(f -> f.nodeId() + ": " + f.getDetailedMessage()).toList());
        }
        return new JsonResponse(body);
    }

    private static ResourceNotFoundException notFound(String name) {
        return new ResourceNotFoundException("model [" + name + "] is not registered; GET _plugins/_clip/models lists the models");
    }
}
