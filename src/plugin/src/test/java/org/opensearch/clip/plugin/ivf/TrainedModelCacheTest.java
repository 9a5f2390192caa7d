package org.opensearch.clip.plugin.ivf;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.Centroids;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TrainedModelCacheTest {
    private long now;

    private static IvfModel model(String name, int version) {
        return IvfModel.trained(name, new Centroids(SpaceType.COSINE, new float[][] {{1, 0}}), null, Map.of()).withVersion(version);
    }

    @Test
    void keepsTheMostRecentlyUsedModels() {
        TrainedModelCache cache = new TrainedModelCache(2, 1000, () -> now);
        IvfModel a = model("a", 1);
        cache.put(a, false);
        cache.put(model("b", 1), false);
        assertSame(a, cache.get(IvfModelRef.of("a", 1)));
        cache.put(model("c", 1), false); // b was used least recently
        assertNull(cache.get(IvfModelRef.of("b", 1)));
        assertSame(a, cache.get(IvfModelRef.of("a", 1)));
    }

    @Test
    void theLatestVersionIsRememberedForAWhile() {
        TrainedModelCache cache = new TrainedModelCache(8, 1000, () -> now);
        cache.put(model("a", 3), true);
        assertEquals(3, cache.latestVersion("a"));
        now += 1000;
        assertEquals(3, cache.latestVersion("a"));
        now += 1;
        assertNull(cache.latestVersion("a"));
        assertSame(cache.get(IvfModelRef.of("a", 3)), cache.get(IvfModelRef.of("a", 3)), "versions stay cached");
    }

    @Test
    void invalidatingANameForgetsItsVersionsOnly() {
        TrainedModelCache cache = new TrainedModelCache(8, 1000, () -> now);
        cache.put(model("a", 1), true);
        cache.put(model("ab", 1), true);
        cache.invalidate("a");
        assertNull(cache.latestVersion("a"));
        assertNull(cache.get(IvfModelRef.of("a", 1)));
        assertEquals(1, cache.latestVersion("ab"));
    }
}
