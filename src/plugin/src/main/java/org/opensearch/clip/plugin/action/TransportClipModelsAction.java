package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/** Collects each node's model statuses for {@link ClipModelsAction}. */
public final class TransportClipModelsAction extends TransportNodesAction<
    NodesRequest,
    ClipModelsResponse,
    EmptyNodeRequest,
    ClipModelsNodeResponse> {

    private final EmbeddingService embeddings;

    @Inject
    public TransportClipModelsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        EmbeddingService embeddings
    ) {
        super(
            ClipModelsAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            NodesRequest::new,
            EmptyNodeRequest::new,
            ThreadPool.Names.MANAGEMENT,
            ClipModelsNodeResponse.class
        );
        this.embeddings = embeddings;
    }

    @Override
    protected ClipModelsResponse newResponse(
        NodesRequest request,
        List<ClipModelsNodeResponse> responses,
        List<FailedNodeException> failures
    ) {
        return new ClipModelsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected EmptyNodeRequest newNodeRequest(NodesRequest request) {
        return new EmptyNodeRequest();
    }

    @Override
    protected ClipModelsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ClipModelsNodeResponse(in);
    }

    @Override
    protected ClipModelsNodeResponse nodeOperation(EmptyNodeRequest request) {
        return new ClipModelsNodeResponse(clusterService.localNode(), embeddings.registry().statuses());
    }
}
