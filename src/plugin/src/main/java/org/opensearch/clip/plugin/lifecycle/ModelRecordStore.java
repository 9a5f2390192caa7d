package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads and writes the model records of {@link ModelRecordIndex}, asynchronously and as the plugin (in a clean thread
 * context), every write refreshed at once so that the nodes told to reconcile next read it.
 */
public final class ModelRecordStore {
    /** The most models a cluster lists; more are refused at registration. */
    public static final int MAX_MODELS = 1000;

    private final Client client;
    private final ThreadContext threadContext;
    private final ModelRecordIndex index;

    /** A store using the node's client. */
    public ModelRecordStore(Client client, ClusterService clusterService, ThreadPool threadPool) {
        this.client = client;
        this.threadContext = threadPool.getThreadContext();
        this.index = new ModelRecordIndex(client, clusterService);
    }

    /** Stores (or replaces) a record. */
    public void put(ModelRecord record, ActionListener<Void> listener) {
        IndexRequest request = new IndexRequest(ModelRecordIndex.NAME).id(record.name()).source(record.toDocument())
            .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        asPlugin(l -> index.ensure(ActionListener.wrap(created -> client.index(request, ActionListener.wrap(r -> l.onResponse(null),
            l::onFailure)), l::onFailure)), listener);
    }

    /** Deletes a record; answers whether there was one. */
    public void delete(String name, ActionListener<Boolean> listener) {
        if (!index.exists()) {
            listener.onResponse(false);
            return;
        }
        DeleteRequest request = new DeleteRequest(ModelRecordIndex.NAME, name).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        asPlugin(l -> client.delete(request, ActionListener.wrap(r -> l.onResponse(r.status() != RestStatus.NOT_FOUND), l::onFailure)),
            listener);
    }

    /** Every record, by name; null when the index does not exist (no model was ever registered in this cluster). */
    public void list(ActionListener<List<ModelRecord>> listener) {
        if (!index.exists()) {
            listener.onResponse(null);
            return;
        }
        SearchRequest request = new SearchRequest(ModelRecordIndex.NAME).source(
            new SearchSourceBuilder().query(QueryBuilders.matchAllQuery()).sort("name", SortOrder.ASC).size(MAX_MODELS)
        );
        asPlugin(l -> client.search(request, ActionListener.wrap(response -> {
            List<ModelRecord> out = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                out.add(ModelRecord.fromDocument(hit.getId(), hit.getSourceAsMap()));
            }
            l.onResponse(out);
        }, l::onFailure)), listener);
    }

    private <T> void asPlugin(Consumer<ActionListener<T>> operation, ActionListener<T> listener) {
        PluginIndex.asPlugin(threadContext, operation, listener);
    }
}
