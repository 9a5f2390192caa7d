package org.opensearch.clip.plugin.fingerprint;

import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an index remembers which model filled each of its vector fields: its mapping's {@code _meta}, under
 * {@code clip.fields.<field path>}. Read from the cluster state, so every node sees the same answer without a request.
 */
public final class FieldFingerprints {
    /** The key of the plugin's part of a mapping's {@code _meta}. */
    public static final String META_KEY = "clip";
    /** The key, inside it, of the fingerprints by field path. */
    public static final String FIELDS_KEY = "fields";

    private FieldFingerprints() {}

    /** The concrete index a document written to {@code name} lands in (an alias's write index), or null when none exists yet. */
    public static String writeIndex(ClusterState state, String name) {
        IndexAbstraction found = name == null ? null : state.metadata().getIndicesLookup().get(name);
        if (found == null) {
            return null;
        }
        IndexMetadata write = found.getWriteIndex();
        return write == null ? null : write.getIndex().getName();
    }

    /** The fingerprints recorded for {@code index}, by field path (empty when none or no such index). */
    public static Map<String, ModelFingerprint> recorded(ClusterState state, String index) {
        IndexMetadata metadata = state.metadata().index(index);
        return metadata == null ? Map.of() : recorded(metadata);
    }

    /** The fingerprints recorded in an index's mapping, by field path. */
    public static Map<String, ModelFingerprint> recorded(IndexMetadata metadata) {
        Map<String, ModelFingerprint> out = new LinkedHashMap<>();
        Object fields = fieldsOf(meta(metadata.mapping()));
        if (fields instanceof Map<?, ?> byField) {
            byField.forEach((field, value) -> {
                ModelFingerprint fingerprint = ModelFingerprint.fromMap(value);
                if (fingerprint != null) {
                    out.put(String.valueOf(field), fingerprint);
                }
            });
        }
        return out;
    }

    /** The mapping's whole {@code _meta} (empty when it has none). */
    static Map<String, Object> meta(MappingMetadata mapping) {
        if (mapping == null) {
            return Map.of();
        }
        Object meta = mapping.sourceAsMap().get("_meta");
        if (!(meta instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Object fieldsOf(Map<String, Object> meta) {
        return meta.get(META_KEY) instanceof Map<?, ?> clip ? clip.get(FIELDS_KEY) : null;
    }

    /**
     * The {@code _meta} to put so that {@code additions} are recorded next to what is there: a mapping update replaces
     * {@code _meta} as a whole, so everything else in it (the user's keys, other fields' fingerprints) is carried over.
     */
    public static Map<String, Object> metaWith(MappingMetadata mapping, Map<String, ModelFingerprint> additions) {
        Map<String, Object> meta = new LinkedHashMap<>(meta(mapping));
        Map<String, Object> clip = new LinkedHashMap<>();
        if (meta.get(META_KEY) instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> clip.put(String.valueOf(k), v));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (clip.get(FIELDS_KEY) instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> fields.put(String.valueOf(k), v));
        }
        additions.forEach((field, fingerprint) -> fields.putIfAbsent(field, fingerprint.toMap()));
        clip.put(FIELDS_KEY, fields);
        meta.put(META_KEY, clip);
        return meta;
    }
}
