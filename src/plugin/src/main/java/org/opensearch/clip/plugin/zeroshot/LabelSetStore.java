package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Stores, reads and deletes label sets in {@link LabelSetIndex}; every call is asynchronous and runs in a clean thread
 * context (the plugin, not the calling user, reads its system index). A replaced or deleted set's cached embeddings on
 * this node are dropped at once; other nodes see the new version on their next read and miss their cache.
 */
public final class LabelSetStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
    private static final int MAX_LISTED = 1000;

    private final Client client;
    private final ThreadContext threadContext;
    private final LabelSetIndex index;
    private final LabelEmbeddingCache cache;

    /** A store using the node's client and dropping entries of {@code cache}. */
    public LabelSetStore(Client client, ClusterService clusterService, ThreadPool threadPool, LabelEmbeddingCache cache) {
        this.client = client;
        this.threadContext = threadPool.getThreadContext();
        this.index = new LabelSetIndex(client, clusterService);
        this.cache = cache;
    }

    /** Refuses a name that is not lower-case letters, digits, {@code _ . -} (up to 128). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("label set names are 1-128 lower-case letters, digits, '_', '.' or '-', starting with a "
                + "letter or digit; got [" + name + "]");
        }
        return name;
    }

    /** Stores (or replaces) a set under its name; answers with the stored set and its new version. */
    public void put(String name, LabelSet set, String description, ActionListener<StoredLabelSet> listener) {
        checkName(name);
        Map<String, Object> source = new HashMap<>(set.toMap());
        source.put("name", name);
        source.put("updated_at", System.currentTimeMillis());
        if (description != null) {
            source.put("description", description);
        }
        asPlugin(l -> index.ensure(ActionListener.wrap(created -> client.index(
            new IndexRequest(LabelSetIndex.NAME).id(name).source(source).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
            ActionListener.wrap(indexed -> {
                cache.invalidate(name);
                l.onResponse(new StoredLabelSet(name, indexed.getVersion(), set, description));
            }, l::onFailure)
        ), l::onFailure)), listener);
    }

    /** The stored set of that name; a {@link ResourceNotFoundException} (404) naming it when there is none. */
    public void get(String name, ActionListener<StoredLabelSet> listener) {
        if (!index.exists()) {
            listener.onFailure(notFound(name));
            return;
        }
        asPlugin(l -> client.get(new GetRequest(LabelSetIndex.NAME, name), ActionListener.wrap(response -> {
            if (!response.isExists()) {
                l.onFailure(notFound(name));
                return;
            }
            l.onResponse(fromSource(name, response.getVersion(), response.getSourceAsMap()));
        }, l::onFailure)), listener);
    }

    /** Every stored set, by name. */
    public void list(ActionListener<List<StoredLabelSet>> listener) {
        if (!index.exists()) {
            listener.onResponse(List.of());
            return;
        }
        SearchRequest request = new SearchRequest(LabelSetIndex.NAME).source(
            new SearchSourceBuilder().query(QueryBuilders.matchAllQuery()).sort("name", SortOrder.ASC).size(MAX_LISTED).version(true)
        );
        asPlugin(l -> client.search(request, ActionListener.wrap(response -> {
            List<StoredLabelSet> out = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                out.add(fromSource(hit.getId(), hit.getVersion(), hit.getSourceAsMap()));
            }
            l.onResponse(out);
        }, l::onFailure)), listener);
    }

    /** Deletes a set; 404 when there is none. */
    public void delete(String name, ActionListener<Void> listener) {
        if (!index.exists()) {
            listener.onFailure(notFound(name));
            return;
        }
        asPlugin(l -> client.delete(new DeleteRequest(LabelSetIndex.NAME, name).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
            ActionListener.wrap(response -> {
                cache.invalidate(name);
                if (response.status() == RestStatus.NOT_FOUND) {
                    l.onFailure(notFound(name));
                } else {
                    l.onResponse(null);
                }
            }, l::onFailure)), listener);
    }

    private static StoredLabelSet fromSource(String name, long version, Map<String, Object> source) {
        Map<String, Object> body = new HashMap<>(source);
        body.remove("name");
        body.remove("updated_at");
        Object description = body.remove("description");
        LabelSet set = LabelSet.fromMap(body, Set.of("labels", "templates", "prompts"));
        return new StoredLabelSet(name, version, set, description == null ? null : description.toString());
    }

    private static ResourceNotFoundException notFound(String name) {
        return new ResourceNotFoundException("label set [" + name + "] does not exist; store one with PUT _plugins/_clip/label_sets/"
            + name);
    }

    private <T> void asPlugin(Consumer<ActionListener<T>> operation, ActionListener<T> listener) {
        PluginIndex.asPlugin(threadContext, operation, listener);
    }
}
