package org.opensearch.clip.plugin.action;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/**
 * A nodes action that asks each node (on its management pool) for something it knows locally, with a request that
 * carries nothing but the node ids: the models API and the stats API.
 */
abstract class ClipNodesAction<R extends BaseNodesResponse<N>, N extends BaseNodeResponse> extends TransportNodesAction<
    NodesRequest,
    R,
    EmptyNodeRequest,
    N> {

    private final Writeable.Reader<N> nodeReader;

    ClipNodesAction(String name, ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
        ActionFilters actionFilters, Class<N> nodeResponse, Writeable.Reader<N> nodeReader) {
        super(name, threadPool, clusterService, transportService, actionFilters, NodesRequest::new, EmptyNodeRequest::new,
            ThreadPool.Names.MANAGEMENT, nodeResponse);
        this.nodeReader = nodeReader;
    }

    /** What the local node answers. */
    protected abstract N local(DiscoveryNode node);

    /** The response of every node. */
    protected abstract R combine(List<N> responses, List<FailedNodeException> failures);

    @Override
    protected final R newResponse(NodesRequest request, List<N> responses, List<FailedNodeException> failures) {
        return combine(responses, failures);
    }

    @Override
    protected final EmptyNodeRequest newNodeRequest(NodesRequest request) {
        return new EmptyNodeRequest();
    }

    @Override
    protected final N newNodeResponse(StreamInput in) throws IOException {
        return nodeReader.read(in);
    }

    @Override
    protected final N nodeOperation(EmptyNodeRequest request) {
        return local(clusterService.localNode());
    }
}
