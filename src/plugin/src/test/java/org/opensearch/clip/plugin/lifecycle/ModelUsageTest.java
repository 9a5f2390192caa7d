package org.opensearch.clip.plugin.lifecycle;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.plugin.fingerprint.FieldFingerprintsTest;
import org.opensearch.cluster.ClusterState;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What uses a model, found in the cluster state: pipelines naming it (or naming none while it is the default) and index fields. */
class ModelUsageTest {
    private static final Map<String, String> PIPELINES = Map.of(
        "named", """
            {"processors": [{"clip_embedding": {"model": "m", "field_map": {"image": "v"}}}]}""",
        "unnamed", """
            {"processors": [{"set": {"field": "a", "value": 1}}, {"clip_classify": {"field": "v", "labels": ["cat"]}}]}""",
        "nested", """
            {"processors": [{"foreach": {"field": "photos", "processor": {"clip_embedding": {"model": "m",
              "field_map": {"_ingest._value": "v"}}}}}]}""",
        "on-failure", """
            {"processors": [{"set": {"field": "a", "value": 1, "on_failure": [{"clip_embedding": {"model": "other",
              "field_map": {"image": "v"}}}]}}]}"""
    );

    private static ClusterState state() {
        return FieldFingerprintsTest.state(PIPELINES, Map.of("photos", FieldFingerprintsTest.mappingWith("image_vector", "m"),
            "others", FieldFingerprintsTest.mappingWith("image_vector", "other")));
    }

    @Test
    void pipelinesAtAnyDepthAndRecordedFieldsUseAModel() {
        assertEquals(List.of("pipeline [named]", "pipeline [nested]", "index [photos] field [image_vector]"),
            ModelUsage.of(state(), "m", "default-model").stream().sorted(ModelUsageTest::pipelinesFirst).toList());
    }

    @Test
    void aProcessorWithoutAModelUsesTheDefault() {
        assertEquals(List.of("pipeline [unnamed]"), ModelUsage.of(state(), "default-model", "default-model"));
        assertEquals(List.of("pipeline [on-failure]", "index [others] field [image_vector]"),
            ModelUsage.of(state(), "other", "default-model").stream().sorted(ModelUsageTest::pipelinesFirst).toList());
    }

    @Test
    void anUnusedModelHasNoUsers() {
        assertEquals(List.of(), ModelUsage.of(state(), "unused", "default-model"));
    }

    private static int pipelinesFirst(String a, String b) {
        return a.startsWith("pipeline") == b.startsWith("pipeline") ? a.compareTo(b) : a.startsWith("pipeline") ? -1 : 1;
    }
}
