package org.opensearch.clip.plugin.fingerprint;

import org.junit.jupiter.api.Test;
import org.opensearch.Version;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vector field's model, remembered in the index mapping's {@code _meta}: read back by field, added without losing
 * what the user or other fields keep there, and another model refused at ingest and query with both models named.
 */
public class FieldFingerprintsTest {
    static final ModelFingerprint M = new ModelFingerprint("m", "1", Map.of("image_encoder.pt", "a".repeat(64), "tokenizer.json",
        "b".repeat(64)));
    static final ModelFingerprint M2 = new ModelFingerprint("m", "2", Map.of("image_encoder.pt", "c".repeat(64), "tokenizer.json",
        "b".repeat(64)));

    /** A mapping whose {@code _meta} records {@code model} (version 1, the files of {@link #M}) for {@code field}. */
    public static String mappingWith(String field, String model) {
        return """
            {"_meta": {"owner": "team-a", "clip": {"fields": {"%s": {"model": "%s", "version": "1",
              "files": {"image_encoder.pt": "%s", "tokenizer.json": "%s"}}}}},
             "properties": {"%s": {"type": "knn_vector", "dimension": 32}}}""".formatted(field, model, "a".repeat(64), "b".repeat(64),
            field);
    }

    /** A cluster state with {@code pipelines} (id to JSON) and {@code indices} (name to mapping JSON). */
    public static ClusterState state(Map<String, String> pipelines, Map<String, String> indices) {
        Map<String, PipelineConfiguration> configs = new LinkedHashMap<>();
        pipelines.forEach((id, json) -> configs.put(id, new PipelineConfiguration(id, new BytesArray(json), MediaTypeRegistry.JSON)));
        Metadata.Builder metadata = Metadata.builder().putCustom(IngestMetadata.TYPE, new IngestMetadata(configs));
        indices.forEach((name, mapping) -> {
            try {
                metadata.put(IndexMetadata.builder(name).settings(Settings.builder().put(IndexMetadata.SETTING_VERSION_CREATED,
                    Version.CURRENT)).numberOfShards(1).numberOfReplicas(0).putMapping(mapping).build(), false);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ClusterState.builder(ClusterName.DEFAULT).metadata(metadata).build();
    }

    private static ClusterState photos() {
        return state(Map.of(), Map.of("photos", mappingWith("image_vector", "m")));
    }

    @Test
    void aRecordedFieldReadsBackItsModel() {
        assertEquals(Map.of("image_vector", M), FieldFingerprints.recorded(photos(), "photos"));
        assertEquals(Map.of(), FieldFingerprints.recorded(photos(), "missing"));
        assertEquals("photos", FieldFingerprints.writeIndex(photos(), "photos"));
        assertNull(FieldFingerprints.writeIndex(photos(), "not-created-yet"));
    }

    @Test
    void recordingKeepsTheUsersMetaAndTheOtherFields() {
        IndexMetadata index = photos().metadata().index("photos");
        Map<String, Object> meta = FieldFingerprints.metaWith(index.mapping(), Map.of("caption_vector", M2, "image_vector", M2));
        assertEquals("team-a", meta.get("owner"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) ((Map<String, Object>) meta.get("clip")).get("fields");
        assertEquals(M, ModelFingerprint.fromMap(fields.get("image_vector")), "a recorded field keeps its first model");
        assertEquals(M2, ModelFingerprint.fromMap(fields.get("caption_vector")));
    }

    @Test
    void anotherModelIsRefusedAtIngestNamingBoth() {
        assertNull(FingerprintGuard.ingestRefusal(photos(), "photos", "image_vector", M));
        assertNull(FingerprintGuard.ingestRefusal(photos(), "photos", "caption_vector", M2), "an unrecorded field takes any model");
        String refusal = FingerprintGuard.ingestRefusal(photos(), "photos", "image_vector", M2);
        assertEquals("field [image_vector] of index [photos] holds vectors of " + M.describe() + "; " + M2.describe()
            + " cannot write to it: use the pipeline of m, another field or index, or reindex", refusal);
        assertTrue(M.describe().startsWith("model [m] version [1] (files "), M.describe());
        assertTrue(!M.describe().equals(M2.describe()), "a new version of the same name is another model");
    }

    @Test
    void anotherModelIsRefusedAtQueryNamingBoth() {
        FingerprintGuard.checkQuery(photos(), List.of("photos"), "image_vector", M);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FingerprintGuard.checkQuery(photos(), List.of("photos"), "image_vector", M2));
        assertEquals("[clip] field [image_vector] of index [photos] holds vectors of " + M.describe() + "; a query embedded by "
            + M2.describe() + " cannot search it: set \"model\": \"m\" in the query", e.getMessage());
    }
}
