package org.opensearch.clip.plugin.zeroshot;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's cache of label-set text embeddings, least recently used first out, bounded by the floats it holds. A key
 * names the model's name and version and the label set's identity (a stored set's name and version, or an inline
 * set's content), so a new model version or a changed label set is never served stale vectors; {@link #invalidate}
 * drops a stored set's entries at once when it is replaced or deleted.
 */
public final class LabelEmbeddingCache {
    private final long maxFloats;
    private final LinkedHashMap<Key, LabelVectors> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long floats;
    private long hits;
    private long misses;

    /** What identifies one entry. */
    public record Key(String model, String modelVersion, String labelSet, long labelSetVersion, String content) {}

    /** A cache holding at most {@code maxFloats} floats of vectors. */
    public LabelEmbeddingCache(long maxFloats) {
        this.maxFloats = maxFloats;
    }

    /** The cached vectors, or null. */
    public synchronized LabelVectors get(Key key) {
        LabelVectors found = entries.get(key);
        if (found == null) {
            misses++;
        } else {
            hits++;
        }
        return found;
    }

    /** Caches vectors, evicting the least recently used entries over the budget. */
    public synchronized void put(Key key, LabelVectors vectors) {
        LabelVectors old = entries.put(key, vectors);
        floats += vectors.floats() - (old == null ? 0 : old.floats());
        Iterator<Map.Entry<Key, LabelVectors>> oldest = entries.entrySet().iterator();
        while (floats > maxFloats && oldest.hasNext()) {
            Map.Entry<Key, LabelVectors> entry = oldest.next();
            if (entry.getKey().equals(key)) {
                continue;
            }
            floats -= entry.getValue().floats();
            oldest.remove();
        }
    }

    /** Drops every entry of a stored label set. */
    public synchronized void invalidate(String labelSet) {
        entries.entrySet().removeIf(entry -> {
            boolean drop = labelSet.equals(entry.getKey().labelSet());
            if (drop) {
                floats -= entry.getValue().floats();
            }
            return drop;
        });
    }

    /** Entries, floats, hits and misses, for the stats API. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", entries.size());
        out.put("floats", floats);
        out.put("hits", hits);
        out.put("misses", misses);
        return out;
    }
}
