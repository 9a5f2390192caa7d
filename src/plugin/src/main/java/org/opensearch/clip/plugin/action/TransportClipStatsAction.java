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

/** Collects each node's embedding stats for {@link ClipStatsAction}. */
public final class TransportClipStatsAction extends TransportNodesAction<
    NodesRequest,
    ClipStatsResponse,
    EmptyNodeRequest,
    ClipStatsNodeResponse> {

    private final EmbeddingService embeddings;

    @Inject
    public TransportClipStatsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        EmbeddingService embeddings
    ) {
        super(
            ClipStatsAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            NodesRequest::new,
            EmptyNodeRequest::new,
            ThreadPool.Names.MANAGEMENT,
            ClipStatsNodeResponse.class
        );
        this.embeddings = embeddings;
    }

    @Override
    protected ClipStatsResponse newResponse(
        NodesRequest request,
        List<ClipStatsNodeResponse> responses,
        List<FailedNodeException> failures
    ) {
        return new ClipStatsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected EmptyNodeRequest newNodeRequest(NodesRequest request) {
        return new EmptyNodeRequest();
    }

    @Override
    protected ClipStatsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ClipStatsNodeResponse(in);
    }

    @Override
    protected ClipStatsNodeResponse nodeOperation(EmptyNodeRequest request) {
        return new ClipStatsNodeResponse(clusterService.localNode(), embeddings.stats());
    }
}
