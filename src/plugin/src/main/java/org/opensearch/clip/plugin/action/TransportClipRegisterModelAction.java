package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.clip.plugin.register.ModelRegistrar;
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

    @Inject
    public TransportClipRegisterModelAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        ModelRegistrar registrar
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
        super.doExecute(task, request, listener);
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
        return new ClipRegisterModelNodeResponse(clusterService.localNode(), registrar.register(request.source()));
    }
}
