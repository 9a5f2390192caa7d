package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.util.List;

/** Collects each node's embedding stats for {@link ClipStatsAction}. */
public final class TransportClipStatsAction extends ClipNodesAction<ClipStatsResponse, ClipStatsNodeResponse> {
    private final EmbeddingService embeddings;

    @Inject
    public TransportClipStatsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        EmbeddingService embeddings
    ) {
        super(ClipStatsAction.NAME, threadPool, clusterService, transportService, actionFilters, ClipStatsNodeResponse.class,
            ClipStatsNodeResponse::new);
        this.embeddings = embeddings;
    }

    @Override
    protected ClipStatsNodeResponse local(DiscoveryNode node) {
        return new ClipStatsNodeResponse(node, embeddings.stats());
    }

    @Override
    protected ClipStatsResponse combine(List<ClipStatsNodeResponse> responses, List<FailedNodeException> failures) {
        return new ClipStatsResponse(clusterService.getClusterName(), responses, failures);
    }
}
