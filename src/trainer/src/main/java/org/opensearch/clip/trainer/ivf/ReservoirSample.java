package org.opensearch.clip.trainer.ivf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A uniform random sample of at most {@code capacity} vectors of a stream of unknown length (reservoir sampling),
 * seeded: the same stream and seed give the same sample. Checks that every vector has the first one's length.
 */
final class ReservoirSample implements Consumer<float[]> {
    private final int capacity;
    private final Random random;
    private final List<float[]> kept = new ArrayList<>();
    private long seen;

    ReservoirSample(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the sample size must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.random = new Random(seed);
    }

    @Override
    public void accept(float[] vector) {
        if (!kept.isEmpty() && vector.length != kept.get(0).length) {
            throw new IllegalArgumentException("vector " + seen + " has " + vector.length + " dimensions, the first has " + kept.get(0).length);
        }
        seen++;
        if (kept.size() < capacity) {
            kept.add(vector);
        } else {
            long slot = (long) (random.nextDouble() * seen);
            if (slot < capacity) {
                kept.set((int) slot, vector);
            }
        }
    }

    /** How many vectors were offered. */
    long seen() {
        return seen;
    }

    /** The sample. */
    float[][] vectors() {
        return kept.toArray(new float[0][]);
    }
}
