package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.clip.plugin.inference.InferenceService;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/** Collects each node's model statuses for {@link ClipModelsAction}. */
public final class TransportClipModelsAction extends TransportNodesAction<
    ClipModelsRequest,
    ClipModelsResponse,
    ClipModelsNodeRequest,
    ClipModelsNodeResponse> {

    private final InferenceService inference;

    @Inject
    public TransportClipModelsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        InferenceService inference
    ) {
        super(
            ClipModelsAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            ClipModelsRequest::new,
            ClipModelsNodeRequest::new,
            ThreadPool.Names.MANAGEMENT,
            ClipModelsNodeResponse.class
        );
        this.inference = inference;
    }

    @Override
    protected ClipModelsResponse newResponse(
        ClipModelsRequest request,
        List<ClipModelsNodeResponse> responses,
        List<FailedNodeException> failures
    ) {
        return new ClipModelsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected ClipModelsNodeRequest newNodeRequest(ClipModelsRequest request) {
        return new ClipModelsNodeRequest();
    }

    @Override
    protected ClipModelsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ClipModelsNodeResponse(in);
    }

    @Override
    protected ClipModelsNodeResponse nodeOperation(ClipModelsNodeRequest request) {
        return new ClipModelsNodeResponse(clusterService.localNode(), inference.registry().statuses());
    }
}
