package org.opensearch.clip.plugin.embed;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Holds a decode thread back from its next image while query embeddings are in flight, for at most
 * {@code clip.inference.decode_pause_for_queries}: on a busy CPU the query's encoding then does not share the cores
 * with ingest decoding. A query image waiting to be decoded ends the pause at once (the thread is needed for it).
 */
final class QueryPause {
    private static final long POLL_NANOS = 200_000;

    private final BooleanSupplier queriesInFlight;
    private final IntSupplier queryImagesWaiting;
    private final LongSupplier pauseNanos;

    QueryPause(BooleanSupplier queriesInFlight, IntSupplier queryImagesWaiting, LongSupplier pauseNanos) {
        this.queriesInFlight = queriesInFlight;
        this.queryImagesWaiting = queryImagesWaiting;
        this.pauseNanos = pauseNanos;
    }

    /** Returns once no query is in flight, a query image waits, or the pause is over; true if it waited. */
    boolean await() throws InterruptedException {
        long pause = pauseNanos.getAsLong();
        if (pause <= 0 || !holdsBack()) {
            return false;
        }
        long deadline = System.nanoTime() + pause;
        while (holdsBack() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Math.min(POLL_NANOS, Math.max(1, deadline - System.nanoTime())));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    private boolean holdsBack() {
        return queriesInFlight.getAsBoolean() && queryImagesWaiting.getAsInt() == 0;
    }
}
