package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.clip.plugin.fingerprint.FieldFingerprints;
import org.opensearch.clip.plugin.fingerprint.ModelFingerprint;
import org.opensearch.clip.plugin.ingest.ClipClassifyProcessor;
import org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessor;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What in the cluster uses a model, read from the cluster state: ingest pipelines whose {@code clip_embedding} or
 * {@code clip_classify} processors (at any depth: {@code on_failure}, {@code foreach}) name it, or name no model while
 * it is the default; and index fields whose recorded fingerprint is of that model.
 */
public final class ModelUsage {
    private static final Set<String> PROCESSORS = Set.of(ClipEmbeddingProcessor.TYPE, ClipClassifyProcessor.TYPE);

    private ModelUsage() {}

    /** The users of {@code model}, each as {@code pipeline [p]} or {@code index [i] field [f]}, in that order; empty when none. */
    public static List<String> of(ClusterState state, String model, String defaultModel) {
        List<String> users = new ArrayList<>();
        IngestMetadata ingest = state.metadata().custom(IngestMetadata.TYPE);
        if (ingest != null) {
            for (PipelineConfiguration pipeline : ingest.getPipelines().values()) {
                if (names(pipeline.getConfigAsMap(), model, model.equals(defaultModel))) {
                    users.add("pipeline [" + pipeline.getId() + "]");
                }
            }
        }
        for (IndexMetadata index : state.metadata().indices().values()) {
            for (Map.Entry<String, ModelFingerprint> field : FieldFingerprints.recorded(index).entrySet()) {
                if (field.getValue().name().equals(model)) {
                    users.add("index [" + index.getIndex().getName() + "] field [" + field.getKey() + "]");
                }
            }
        }
        return users;
    }

    /** Whether a pipeline definition (any part of it) has a CLIP processor of that model. */
    private static boolean names(Object node, String model, boolean isDefault) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (PROCESSORS.contains(String.valueOf(entry.getKey())) && entry.getValue() instanceof Map<?, ?> config) {
                    Object named = config.get("model");
                    if (named == null ? isDefault : model.equals(named)) {
                        return true;
                    }
                }
                if (names(entry.getValue(), model, isDefault)) {
                    return true;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                if (names(item, model, isDefault)) {
                    return true;
                }
            }
        }
        return false;
    }
}
