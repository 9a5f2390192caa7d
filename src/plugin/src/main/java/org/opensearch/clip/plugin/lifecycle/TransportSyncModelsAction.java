package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.clip.plugin.action.ClipModelsNodeResponse;
import org.opensearch.clip.plugin.action.ClipModelsResponse;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/** Each node reconciles its models with the records of a {@link SyncModelsRequest} and answers with its models' states. */
public final class TransportSyncModelsAction extends TransportNodesAction<SyncModelsRequest, ClipModelsResponse, SyncModelsNodeRequest,
    ClipModelsNodeResponse> {

    private final ModelReconciler reconciler;
    private final ModelRegistry registry;

    @Inject
    public TransportSyncModelsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
        ActionFilters actionFilters, ModelReconciler reconciler, ModelRegistry registry) {
        super(SyncModelsAction.NAME, threadPool, clusterService, transportService, actionFilters, SyncModelsRequest::new,
            SyncModelsNodeRequest::new, ThreadPool.Names.MANAGEMENT, ClipModelsNodeResponse.class);
        this.reconciler = reconciler;
        this.registry = registry;
    }

    @Override
    protected ClipModelsResponse newResponse(SyncModelsRequest request, List<ClipModelsNodeResponse> responses,
        List<FailedNodeException> failures) {
        return new ClipModelsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected SyncModelsNodeRequest newNodeRequest(SyncModelsRequest request) {
        return new SyncModelsNodeRequest(request.records());
    }

    @Override
    protected ClipModelsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ClipModelsNodeResponse(in);
    }

    @Override
    protected ClipModelsNodeResponse nodeOperation(SyncModelsNodeRequest request) {
        reconciler.reconcile(request.records());
        return new ClipModelsNodeResponse(clusterService.localNode(), registry.statuses());
    }
}
