package org.opensearch.clip.plugin.ivf;

import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.engine.VersionConflictEngineException;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stores, finds and deletes IVF models in the model index, and hands out trained models with their centroids from a
 * node-local cache. All calls are asynchronous and run in a clean thread context (system index access by the plugin,
 * not by the user who made the request).
 */
public final class IvfModelStore {
    /** How long the latest trained version of a name is remembered before it is looked up again. */
    public static final long LATEST_VERSION_TTL_SECONDS = 10;
    private static final int CACHED_MODELS = 32;
    private static final int MAX_VERSIONS = 1000;
    private static final int CREATE_ATTEMPTS = 10;
    private static final String[] WITHOUT_CENTROIDS = {"centroids"};

    private final Client client;
    private final ThreadContext threadContext;
    private final IvfModelIndex index;
    private final TrainedModelCache cache;

    /** A store using the node's client. */
    public IvfModelStore(Client client, ClusterService clusterService, ThreadPool threadPool) {
        this.client = client;
        this.threadContext = threadPool.getThreadContext();
        this.index = new IvfModelIndex(client, clusterService);
        this.cache = new TrainedModelCache(CACHED_MODELS, TimeUnit.SECONDS.toNanos(LATEST_VERSION_TTL_SECONDS), System::nanoTime);
    }

    /** Stores a new model under the next free version of its name and answers with the stored model. */
    public void create(IvfModel draft, ActionListener<IvfModel> listener) {
        asPlugin(l -> index.ensure(ActionListener.wrap(created -> createVersion(draft, CREATE_ATTEMPTS, l), l::onFailure)), listener);
    }

    private void createVersion(IvfModel draft, int attemptsLeft, ActionListener<IvfModel> listener) {
        SearchRequest highest = new SearchRequest(IvfModelIndex.NAME).source(
            new SearchSourceBuilder().query(QueryBuilders.termQuery("name", draft.name()))
                .sort("version", SortOrder.DESC)
                .size(1)
                .fetchSource(new String[] {"version"}, null)
        );
        client.search(highest, ActionListener.wrap(response -> {
            SearchHit[] hits = response.getHits().getHits();
            int next = hits.length == 0 ? 1 : ((Number) hits[0].getSourceAsMap().get("version")).intValue() + 1;
            IvfModel model = draft.withVersion(next);
            IndexRequest request = new IndexRequest(IvfModelIndex.NAME).id(model.ref().toString())
                .opType(DocWriteRequest.OpType.CREATE)
                .source(model.toSource())
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            client.index(request, ActionListener.wrap(indexed -> {
                cache.invalidate(model.name());
                listener.onResponse(model);
            }, e -> {
                if (ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException && attemptsLeft > 1) {
                    createVersion(draft, attemptsLeft - 1, listener); // another node took this version
                } else {
                    listener.onFailure(e);
                }
            }));
        }, listener::onFailure));
    }

    /** Replaces a stored model version (a state change) and answers with it. */
    public void update(IvfModel model, ActionListener<IvfModel> listener) {
        asPlugin(l -> client.index(
            new IndexRequest(IvfModelIndex.NAME).id(model.ref().toString()).source(model.toSource())
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
            ActionListener.wrap(indexed -> {
                cache.invalidate(model.name());
                l.onResponse(model);
            }, l::onFailure)
        ), listener);
    }

    /**
     * A trained model with its centroids: the version named, or the latest trained version of the name. Fails with an
     * {@link IllegalArgumentException} that says what is wrong when there is no such trained model.
     */
    public void resolveTrained(IvfModelRef ref, ActionListener<IvfModel> listener) {
        IvfModelRef version = ref.pinned() ? ref : cachedLatest(ref.name());
        if (version != null) {
            IvfModel cached = cache.get(version);
            if (cached != null) {
                listener.onResponse(cached);
                return;
            }
        }
        if (!index.exists()) {
            listener.onFailure(notFound(ref));
            return;
        }
        if (ref.pinned()) {
            asPlugin(l -> client.get(new GetRequest(IvfModelIndex.NAME, ref.toString()), ActionListener.wrap(response -> {
                if (!response.isExists()) {
                    l.onFailure(notFound(ref));
                    return;
                }
                IvfModel model = IvfModel.fromSource(response.getSourceAsMap(), true);
                if (model.state() != IvfModelState.TRAINED) {
                    l.onFailure(notTrained(model));
                    return;
                }
                cache.put(model, false);
                l.onResponse(model);
            }, l::onFailure)), listener);
            return;
        }
        BoolQueryBuilder trained = QueryBuilders.boolQuery()
            .filter(QueryBuilders.termQuery("name", ref.name()))
            .filter(QueryBuilders.termQuery("state", IvfModelState.TRAINED.label()));
        SearchRequest latest = new SearchRequest(IvfModelIndex.NAME).source(
            new SearchSourceBuilder().query(trained).sort("version", SortOrder.DESC).size(1)
        );
        asPlugin(l -> client.search(latest, ActionListener.wrap(response -> {
            SearchHit[] hits = response.getHits().getHits();
            if (hits.length == 0) {
                find(ref, false, ActionListener.wrap(
                    all -> l.onFailure(all.isEmpty() ? notFound(ref) : new IllegalArgumentException("IVF model [" + ref.name()
                        + "] has no trained version yet: version " + all.get(0).version() + " is " + all.get(0).state().label()
                        + (all.get(0).error() == null ? "" : " (" + all.get(0).error() + ")"))),
                    l::onFailure
                ));
                return;
            }
            IvfModel model = IvfModel.fromSource(hits[0].getSourceAsMap(), true);
            cache.put(model, true);
            l.onResponse(model);
        }, l::onFailure)), listener);
    }

    private IvfModelRef cachedLatest(String name) {
        Integer version = cache.latestVersion(name);
        return version == null ? null : IvfModelRef.of(name, version);
    }

    /**
     * The stored versions a reference names, newest first: one version, every version of a name, or every model
     * when {@code ref} is null. Empty when there are none.
     */
    public void find(IvfModelRef ref, boolean withCentroids, ActionListener<List<IvfModel>> listener) {
        if (!index.exists()) {
            listener.onResponse(List.of());
            return;
        }
        BoolQueryBuilder query = QueryBuilders.boolQuery();
        if (ref != null) {
            query.filter(QueryBuilders.termQuery("name", ref.name()));
            if (ref.pinned()) {
                query.filter(QueryBuilders.termQuery("version", ref.version()));
            }
        }
        SearchRequest request = new SearchRequest(IvfModelIndex.NAME).source(
            new SearchSourceBuilder().query(query)
                .sort("name", SortOrder.ASC)
                .sort("version", SortOrder.DESC)
                .size(MAX_VERSIONS)
                .fetchSource(null, withCentroids ? null : WITHOUT_CENTROIDS)
        );
        asPlugin(l -> client.search(request, ActionListener.wrap(response -> {
            List<IvfModel> models = new ArrayList<>();
            for (SearchHit hit : response.getHits().getHits()) {
                models.add(IvfModel.fromSource(hit.getSourceAsMap(), withCentroids));
            }
            l.onResponse(models);
        }, l::onFailure)), listener);
    }

    /** Deletes the versions a reference names (one, or all of a name); answers with how many were deleted. */
    public void delete(IvfModelRef ref, ActionListener<Integer> listener) {
        find(ref, false, ActionListener.wrap(models -> {
            if (models.isEmpty()) {
                listener.onFailure(new ResourceNotFoundException("IVF model [" + ref + "] does not exist"));
                return;
            }
            BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            for (IvfModel model : models) {
                bulk.add(new DeleteRequest(IvfModelIndex.NAME, model.ref().toString()));
            }
            asPlugin(l -> client.bulk(bulk, ActionListener.wrap(response -> {
                cache.invalidate(ref.name());
                if (response.hasFailures()) {
                    l.onFailure(new IllegalStateException(response.buildFailureMessage()));
                } else {
                    l.onResponse(models.size());
                }
            }, l::onFailure)), listener);
        }, listener::onFailure));
    }

    private static IllegalArgumentException notFound(IvfModelRef ref) {
        return new IllegalArgumentException("IVF model [" + ref + "] does not exist; train one with POST _plugins/_clip/ivf/models/"
            + ref.name() + "/_train or upload one with PUT _plugins/_clip/ivf/models/" + ref.name());
    }

    private static IllegalArgumentException notTrained(IvfModel model) {
        return new IllegalArgumentException(model.state() == IvfModelState.TRAINING
            ? "IVF model [" + model.ref() + "] is still training"
            : "IVF model [" + model.ref() + "] failed to train: " + model.error());
    }

    private <T> void asPlugin(Consumer<ActionListener<T>> operation, ActionListener<T> listener) {
        PluginIndex.asPlugin(threadContext, operation, listener);
    }
}
