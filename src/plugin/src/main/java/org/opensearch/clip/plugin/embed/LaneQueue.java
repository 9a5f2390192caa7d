package org.opensearch.clip.plugin.embed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking queue with a query lane and an ingest lane: takers are always served from the query lane first. Batches
 * hold items of one lane and one kind (images or texts); an ingest batch may wait a little for more items, a query
 * batch never waits, and a query that arrives while an ingest batch is filling is served before it. Capacity is
 * bounded by the admission before items are put here.
 */
final class LaneQueue<T extends LaneQueue.Entry> {

    /** What the queue needs to know of an item. */
    interface Entry {
        /** The lane the item waits in. */
        Lane lane();

        /** Whether the item is an image (else a text); a batch holds one kind. */
        boolean isImage();
    }

    private final ArrayDeque<T> query = new ArrayDeque<>();
    private final ArrayDeque<T> ingest = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    /** Adds an item at the end of its lane. */
    void put(T item) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding service is closed");
            }
            lane(item.lane()).addLast(item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for an item, query lane first; null once the queue is closed. */
    T take() throws InterruptedException {
        lock.lock();
        try {
            if (!awaitItem()) {
                return null;
            }
            return query.isEmpty() ? ingest.pollFirst() : query.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a batch of at most {@code max} items of one lane and one kind: the query lane if it has items, else
     * the ingest lane, whose batch may wait up to {@code waitNanos} to fill (stopping early when a query item
     * arrives). Null once the queue is closed.
     */
    List<T> takeBatch(int max, long waitNanos) throws InterruptedException {
        return takeBatch(max, waitNanos, () -> true);
    }

    /**
     * Like {@link #takeBatch(int, long)}, but an ingest batch waits only while {@code moreComing} says more ingest
     * items are on their way (being fetched or decoded); otherwise it goes with what it has.
     */
    List<T> takeBatch(int max, long waitNanos, java.util.function.BooleanSupplier moreComing) throws InterruptedException {
        lock.lock();
        try {
            if (!awaitItem()) {
                return null;
            }
            boolean fromQuery = !query.isEmpty();
            ArrayDeque<T> lane = fromQuery ? query : ingest;
            boolean images = lane.peekFirst().isImage();
            List<T> batch = new ArrayList<>(Math.min(max, lane.size()));
            drain(lane, images, max, batch);
            long remaining = fromQuery ? 0 : waitNanos;
            while (batch.size() < max && remaining > 0 && query.isEmpty() && !closed && moreComing.getAsBoolean()) {
                remaining = changed.awaitNanos(remaining);
                drain(lane, images, max, batch);
            }
            if (!fromQuery && !query.isEmpty()) {
                // a query arrived while the ingest batch was filling: it goes first, the ingest items keep their place
                for (int i = batch.size() - 1; i >= 0; i--) {
                    ingest.addFirst(batch.get(i));
                }
                List<T> queryBatch = new ArrayList<>();
                drain(query, query.peekFirst().isImage(), max, queryBatch);
                return queryBatch;
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a batch of at most {@code max} query-lane items of one kind, never taking ingest items; null once the
     * queue is closed. A query worker takes from here, so a query never waits for an ingest batch to finish.
     */
    List<T> takeQueryBatch(int max) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && query.isEmpty()) {
                changed.await();
            }
            if (closed) {
                return null;
            }
            List<T> batch = new ArrayList<>(Math.min(max, query.size()));
            drain(query, query.peekFirst().isImage(), max, batch);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: waits until an item is queued; false once the queue is closed. */
    private boolean awaitItem() throws InterruptedException {
        while (!closed && query.isEmpty() && ingest.isEmpty()) {
            changed.await();
        }
        return !closed;
    }

    private static <T extends Entry> void drain(ArrayDeque<T> lane, boolean images, int max, List<T> batch) {
        Iterator<T> it = lane.iterator();
        while (batch.size() < max && it.hasNext()) {
            T item = it.next();
            if (item.isImage() == images) {
                it.remove();
                batch.add(item);
            }
        }
    }

    /** How many items wait in a lane. */
    int depth(Lane which) {
        lock.lock();
        try {
            return lane(which).size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every taker and hands back what was still queued, which nobody will take now. */
    List<T> close() {
        lock.lock();
        try {
            closed = true;
            List<T> left = new ArrayList<>(query);
            left.addAll(ingest);
            query.clear();
            ingest.clear();
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    private ArrayDeque<T> lane(Lane which) {
        return which == Lane.QUERY ? query : ingest;
    }
}
