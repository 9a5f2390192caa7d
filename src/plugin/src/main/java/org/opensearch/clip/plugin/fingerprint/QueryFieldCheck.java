package org.opensearch.clip.plugin.fingerprint;

import org.opensearch.action.IndicesRequest;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;

import java.util.Arrays;

/**
 * The coordinating node's check of a {@code clip} query: the indices the search request names (wildcards and aliases
 * resolved as the search resolves them) must not have recorded another model for the queried field.
 */
public final class QueryFieldCheck {
    private final ClusterService clusterService;
    private final IndexNameExpressionResolver resolver;

    /** A check reading the node's cluster state. */
    public QueryFieldCheck(ClusterService clusterService, IndexNameExpressionResolver resolver) {
        this.clusterService = clusterService;
        this.resolver = resolver;
    }

    /**
     * Refuses (400, naming both models) a query on {@code field} embedded by {@code model} of {@code registry} when an
     * index of {@code search} recorded another model there; nothing is checked while the model is not loaded (the
     * embedding then fails with the model's state).
     */
    public void check(IndicesRequest search, String field, ModelRegistry registry, String model) {
        ModelFingerprint fingerprint;
        try {
            fingerprint = ModelFingerprint.of(registry.encoder(model).manifest());
        } catch (RuntimeException e) {
            return;
        }
        ClusterState state = clusterService.state();
        String[] indices;
        try {
            indices = resolver.concreteIndexNames(state, search);
        } catch (RuntimeException e) {
            return; // the search itself reports unknown indices
        }
        FingerprintGuard.checkQuery(state, Arrays.asList(indices), field, fingerprint);
    }
}
