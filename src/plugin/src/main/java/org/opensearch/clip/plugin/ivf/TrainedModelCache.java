package org.opensearch.clip.plugin.ivf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The node's trained IVF models with their centroids, least recently used dropped first, and which version is the
 * latest trained one of each name, remembered for a short time. Versions never change once trained, so a cached
 * version is always right; the latest version of a name is looked up again after {@code latestTtlNanos}.
 */
final class TrainedModelCache {
    private record Latest(int version, long expiresAt) {}

    private final int capacity;
    private final long latestTtlNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, IvfModel> models = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Latest> latest = new HashMap<>();

    TrainedModelCache(int capacity, long latestTtlNanos, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.latestTtlNanos = latestTtlNanos;
        this.nanoClock = nanoClock;
    }

    /** The cached model of a version, or null. */
    synchronized IvfModel get(IvfModelRef version) {
        return models.get(version.toString());
    }

    /** The latest trained version of a name while it is fresh, or null. */
    synchronized Integer latestVersion(String name) {
        Latest entry = latest.get(name);
        if (entry == null || nanoClock.getAsLong() - entry.expiresAt > 0) {
            return null;
        }
        return entry.version;
    }

    /** Remembers a trained model; {@code isLatest} when it was found as its name's latest version. */
    synchronized void put(IvfModel model, boolean isLatest) {
        models.put(model.ref().toString(), model);
        while (models.size() > capacity) {
            models.remove(models.keySet().iterator().next());
        }
        if (isLatest) {
            latest.put(model.name(), new Latest(model.version(), nanoClock.getAsLong() + latestTtlNanos));
        }
    }

    /** Forgets everything about a name (after a new version or a delete on this node). */
    synchronized void invalidate(String name) {
        latest.remove(name);
        models.keySet().removeIf(key -> key.startsWith(name + ":"));
    }
}
