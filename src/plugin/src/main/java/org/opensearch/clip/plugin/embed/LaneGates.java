package org.opensearch.clip.plugin.embed;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Admission to the two lanes: each holds at most its queue size of images and texts at once (waiting, decoding or
 * encoding, over all models); a request's document or query is admitted whole or refused whole.
 */
final class LaneGates {
    private final Map<Lane, AtomicInteger> inFlight = new EnumMap<>(Lane.class);
    private final Map<Lane, LongAdder> rejected = new EnumMap<>(Lane.class);
    private final Map<Lane, IntSupplier> capacity = new EnumMap<>(Lane.class);

    LaneGates(IntSupplier queryCapacity, IntSupplier ingestCapacity) {
        capacity.put(Lane.QUERY, queryCapacity);
        capacity.put(Lane.INGEST, ingestCapacity);
        for (Lane lane : Lane.values()) {
            inFlight.put(lane, new AtomicInteger());
            rejected.put(lane, new LongAdder());
        }
    }

    /** Admits {@code items} to a lane if they fit; false (and counted as rejected) if the lane is full. */
    boolean tryAdmit(Lane lane, int items) {
        AtomicInteger current = inFlight.get(lane);
        int limit = capacity.get(lane).getAsInt();
        while (true) {
            int now = current.get();
            if (now + items > limit) {
                rejected.get(lane).add(items);
                return false;
            }
            if (current.compareAndSet(now, now + items)) {
                return true;
            }
        }
    }

    /** One admitted item is done (vector, failure or timeout). */
    void finished(Lane lane) {
        inFlight.get(lane).decrementAndGet();
    }

    /** The lane's size setting now. */
    int capacity(Lane lane) {
        return capacity.get(lane).getAsInt();
    }

    /** Items in a lane now. */
    int inFlight(Lane lane) {
        return inFlight.get(lane).get();
    }

    /** Per lane: in flight, capacity and rejected items, for the stats API. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("in_flight", inFlight(lane));
            one.put("capacity", capacity(lane));
            one.put("rejected", rejected.get(lane).sum());
            out.put(lane.label(), one);
        }
        return out;
    }
}
