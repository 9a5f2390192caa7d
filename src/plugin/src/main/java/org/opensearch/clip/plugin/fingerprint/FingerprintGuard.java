package org.opensearch.clip.plugin.fingerprint;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each vector field to the model that filled it: an ingest records the model's fingerprint in the index's
 * mapping {@code _meta} the first time it writes the field, and an ingest or a {@code clip} query with another model
 * against a recorded field is refused with a message naming both models.
 */
public final class FingerprintGuard {
    private static final Logger logger = LogManager.getLogger(FingerprintGuard.class);

    private final Client client;
    private final ClusterService clusterService;
    private final ThreadContext threadContext;
    /** {@code index/field} being recorded now, so a busy bulk stream sends one mapping update, not one per batch. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** A guard reading the node's cluster state and updating mappings through the node's client. */
    public FingerprintGuard(Client client, ClusterService clusterService, ThreadContext threadContext) {
        this.client = client;
        this.clusterService = clusterService;
        this.threadContext = threadContext;
    }

    /** The cluster state this node has. */
    public ClusterState state() {
        return clusterService.state();
    }

    /** The refusal for writing {@code field} of {@code index} with {@code model}, or null when it may (nothing or the same recorded). */
    public static String ingestRefusal(ClusterState state, String index, String field, ModelFingerprint model) {
        ModelFingerprint recorded = FieldFingerprints.recorded(state, index).get(field);
        if (recorded == null || recorded.equals(model)) {
            return null;
        }
        return "field [" + field + "] of index [" + index + "] holds vectors of " + recorded.describe() + "; " + model.describe()
            + " cannot write to it: use the pipeline of " + recorded.name() + ", another field or index, or reindex";
    }

    /** Refuses (400) a {@code clip} query on {@code field} of {@code indices} with {@code model} when one of them recorded another model. */
    public static void checkQuery(ClusterState state, Collection<String> indices, String field, ModelFingerprint model) {
        for (String index : indices) {
            ModelFingerprint recorded = FieldFingerprints.recorded(state, index).get(field);
            if (recorded != null && !recorded.equals(model)) {
                throw new IllegalArgumentException("[clip] field [" + field + "] of index [" + index + "] holds vectors of "
                    + recorded.describe() + "; a query embedded by " + model.describe() + " cannot search it: set \"model\": \""
                    + recorded.name() + "\" in the query");
            }
        }
    }

    /** Whether {@code field} of {@code index} still needs its fingerprint recorded. */
    public static boolean unrecorded(ClusterState state, String index, String field) {
        IndexMetadata metadata = state.metadata().index(index);
        return metadata != null && !FieldFingerprints.recorded(metadata).containsKey(field);
    }

    /**
     * Records {@code fields} (field path to fingerprint) in {@code index}'s mapping, keeping what is there; answers when
     * the mapping is updated. A field already being recorded by another batch is left to it.
     */
    public void record(String index, Map<String, ModelFingerprint> fields, ActionListener<Void> listener) {
        Map<String, ModelFingerprint> mine = new java.util.LinkedHashMap<>();
        fields.forEach((field, fingerprint) -> {
            if (inFlight.add(index + "/" + field)) {
                mine.put(field, fingerprint);
            }
        });
        IndexMetadata metadata = state().metadata().index(index);
        if (mine.isEmpty() || metadata == null) {
            mine.keySet().forEach(field -> inFlight.remove(index + "/" + field));
            listener.onResponse(null);
            return;
        }
        PutMappingRequest request = new PutMappingRequest(index).source(Map.of("_meta", FieldFingerprints.metaWith(metadata.mapping(), mine)));
        ActionListener<Void> done = ActionListener.runAfter(listener, () -> mine.keySet().forEach(field -> inFlight.remove(index + "/" + field)));
        PluginIndex.asPlugin(threadContext, l -> client.admin().indices().putMapping(request, ActionListener.wrap(r -> {
            logger.info("index [{}] records the CLIP model of {}: {}", index, mine.keySet(), mine.values().iterator().next().describe());
            l.onResponse(null);
        }, l::onFailure)), done);
    }
}
