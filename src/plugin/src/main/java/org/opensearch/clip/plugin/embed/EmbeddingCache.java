package org.opensearch.clip.plugin.embed;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Image embeddings by the SHA-256 of the encoded image and the model's name and version, least recently used first
 * out, at most {@code clip.inference.embedding_cache.size} entries (0 turns it off). A hit skips decoding and the model;
 * its memory is bounded by the entries times the model's dimension.
 */
final class EmbeddingCache {
    private final IntSupplier capacity;
    private final Map<String, float[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    EmbeddingCache(IntSupplier capacity) {
        this.capacity = capacity;
    }

    /** Whether the cache is on. */
    boolean enabled() {
        return capacity.getAsInt() > 0;
    }

    /** The key of an encoded image for a model version. */
    static String key(String model, String version, byte[] encoded) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return model + "\u0000" + version + "\u0000" + HexFormat.of().formatHex(sha.digest(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The cached vector, or null. */
    synchronized float[] get(String key) {
        float[] vector = entries.get(key);
        (vector == null ? misses : hits).increment();
        return vector;
    }

    /** Remembers a vector, dropping the least recently used entries beyond the capacity. */
    synchronized void put(String key, float[] vector) {
        int limit = capacity.getAsInt();
        if (limit <= 0) {
            entries.clear();
            return;
        }
        entries.put(key, vector);
        var it = entries.entrySet().iterator();
        while (entries.size() > limit && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Entries, capacity, hits and misses, for the stats API. */
    synchronized Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", entries.size());
        out.put("capacity", capacity.getAsInt());
        out.put("hits", hits.sum());
        out.put("misses", misses.sum());
        return out;
    }
}
