package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.plugin.lifecycle.ModelRecord;
import org.opensearch.clip.plugin.lifecycle.ModelRecordStore;
import org.opensearch.clip.plugin.model.ModelOrigin;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.register.ModelRegistrar;
import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/**
 * Starts a model's registration on each node for {@link ClipRegisterModelAction}. A catalog name this node's catalog
 * does not know is refused before any node is asked (400); each node then checks its own catalog and starts the
 * download in the background, answering at once.
 */
public final class TransportClipRegisterModelAction extends TransportNodesAction<
    ClipRegisterModelRequest,
    ClipRegisterModelResponse,
    ClipRegisterModelNodeRequest,
    ClipRegisterModelNodeResponse> {

    private final ModelRegistrar registrar;
    private final ModelRecordStore records;
    private final ModelRegistry registry;

    @Inject
    public TransportClipRegisterModelAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        ModelRegistrar registrar,
        ModelRecordStore records,
        ModelRegistry registry
    ) {
        super(
            ClipRegisterModelAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            ClipRegisterModelRequest::new,
            ClipRegisterModelNodeRequest::new,
            ThreadPool.Names.MANAGEMENT,
            ClipRegisterModelNodeResponse.class
        );
        this.registrar = registrar;
        this.records = records;
        this.registry = registry;
    }

    @Override
    protected void doExecute(Task task, ClipRegisterModelRequest request, ActionListener<ClipRegisterModelResponse> listener) {
        if (request.source().fromCatalog()) {
            try {
                registrar.catalog().entry(request.source().name());
            } catch (RuntimeException e) {
                listener.onFailure(e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e));
                return;
            }
        }
        ModelSource source;
        try {
            source = registrar.pinned(request.source());
        } catch (IllegalArgumentException e) {
            listener.onFailure(e);
            return;
        }
        ClipRegisterModelRequest pinned = new ClipRegisterModelRequest(source);
        if (registry.origin(source.name()) == ModelOrigin.CONFIG) {
            super.doExecute(task, pinned, listener); // the config-directory bundle keeps its name: each node answers with it
            return;
        }
        records.list(ActionListener.wrap(stored -> {
            List<ModelRecord> all = stored == null ? List.of() : stored;
            ModelRecord existing = all.stream().filter(r -> r.name().equals(source.name())).findFirst().orElse(null);
            if (existing != null && existing.registered() && !existing.source().equals(source)) {
                listener.onFailure(new OpenSearchStatusException("model [" + source.name() + "] is already registered from another "
                    + "source; delete it first (DELETE _plugins/_clip/models/" + source.name() + ")", RestStatus.CONFLICT));
                return;
            }
            if (existing == null && all.size() >= ModelRecordStore.MAX_MODELS) {
                listener.onFailure(new IllegalArgumentException("the cluster has " + all.size() + " registered models, the most it "
                    + "keeps; delete one first"));
                return;
            }
            // recorded first: a node that joins or restarts later registers it from the record
            records.put(new ModelRecord(source.name(), source, true),
                ActionListener.wrap(done -> super.doExecute(task, pinned, listener), listener::onFailure));
        }, listener::onFailure));
    }

    @Override
    protected ClipRegisterModelResponse newResponse(
        ClipRegisterModelRequest request,
        List<ClipRegisterModelNodeResponse> responses,
        List<FailedNodeException> failures
    ) {
        return new ClipRegisterModelResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected ClipRegisterModelNodeRequest newNodeRequest(ClipRegisterModelRequest request) {
        return new ClipRegisterModelNodeRequest(request.source());
    }

    @Override
    protected ClipRegisterModelNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ClipRegisterModelNodeResponse(in);
    }

    @Override
    protected ClipRegisterModelNodeResponse nodeOperation(ClipRegisterModelNodeRequest request) {
        ModelStatus status = registrar.register(request.source());
        if (status.state() == ModelState.UNLOADED) {
            status = registry.load(request.source().name()); // registering an unloaded model again loads it
        }
        return new ClipRegisterModelNodeResponse(clusterService.localNode(), status);
    }
}
