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

/** Collects each node's model statuses for {@link ClipModelsAction}. */
public final class TransportClipModelsAction extends ClipNodesAction<ClipModelsResponse, ClipModelsNodeResponse> {
    private final EmbeddingService embeddings;

    @Inject
    public TransportClipModelsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        EmbeddingService embeddings
    ) {
        super(ClipModelsAction.NAME, threadPool, clusterService, transportService, actionFilters, ClipModelsNodeResponse.class,
            ClipModelsNodeResponse::new);
        this.embeddings = embeddings;
    }

    @Override
    protected ClipModelsNodeResponse local(DiscoveryNode node) {
        return new ClipModelsNodeResponse(node, embeddings.registry().statuses());
    }

    @Override
    protected ClipModelsResponse combine(List<ClipModelsNodeResponse> responses, List<FailedNodeException> failures) {
        return new ClipModelsResponse(clusterService.getClusterName(), responses, failures);
    }
}
