package org.opensearch.clip.plugin.zeroshot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The label embedding cache: keyed by model version and set version, bounded by floats, invalidated by set name. */
class LabelEmbeddingCacheTest {
    private static LabelVectors vectors(int labels) {
        return new LabelVectors("m", "1", List.of(), new float[labels][4]);
    }

    @Test
    void anotherModelVersionOrSetVersionMisses() {
        LabelEmbeddingCache cache = new LabelEmbeddingCache(1000);
        LabelVectors v = vectors(2);
        cache.put(new LabelEmbeddingCache.Key("m", "1", "animals", 1, "abc"), v);
        assertSame(v, cache.get(new LabelEmbeddingCache.Key("m", "1", "animals", 1, "abc")));
        assertNull(cache.get(new LabelEmbeddingCache.Key("m", "2", "animals", 1, "abc")));
        assertNull(cache.get(new LabelEmbeddingCache.Key("m", "1", "animals", 2, "abc")));
        assertEquals(1L, cache.stats().get("hits"));
        assertEquals(2L, cache.stats().get("misses"));
    }

    @Test
    void invalidatingASetDropsItsEntriesOnly() {
        LabelEmbeddingCache cache = new LabelEmbeddingCache(1000);
        cache.put(new LabelEmbeddingCache.Key("m", "1", "animals", 1, "a"), vectors(1));
        cache.put(new LabelEmbeddingCache.Key("m", "1", null, 0, "b"), vectors(1));
        cache.invalidate("animals");
        assertNull(cache.get(new LabelEmbeddingCache.Key("m", "1", "animals", 1, "a")));
        assertEquals(1, cache.stats().get("entries"));
        assertEquals(4L, cache.stats().get("floats"));
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheBudgetIsExceeded() {
        LabelEmbeddingCache cache = new LabelEmbeddingCache(8);
        LabelEmbeddingCache.Key a = new LabelEmbeddingCache.Key("m", "1", null, 0, "a");
        LabelEmbeddingCache.Key b = new LabelEmbeddingCache.Key("m", "1", null, 0, "b");
        LabelEmbeddingCache.Key c = new LabelEmbeddingCache.Key("m", "1", null, 0, "c");
        cache.put(a, vectors(1));
        cache.put(b, vectors(1));
        cache.get(a);
        cache.put(c, vectors(1));
        assertNull(cache.get(b), "b was used least recently");
        assertEquals(2, cache.stats().get("entries"));
    }
}
