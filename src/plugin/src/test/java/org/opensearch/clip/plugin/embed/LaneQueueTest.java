package org.opensearch.clip.plugin.embed;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the two-lane queue hands out items and batches: query lane first, one kind per batch, ingest batches may wait. */
class LaneQueueTest {
    record Item(String name, Lane lane, boolean isImage) implements LaneQueue.Entry {}

    private static Item query(String name) {
        return new Item(name, Lane.QUERY, false);
    }

    private static Item ingest(String name, boolean image) {
        return new Item(name, Lane.INGEST, image);
    }

    private static List<String> names(List<Item> items) {
        return items.stream().map(Item::name).toList();
    }

    @Test
    void queryItemsAreTakenBeforeIngestItemsQueuedEarlier() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(ingest("i1", true));
        queue.put(ingest("i2", true));
        queue.put(query("q1"));

        assertEquals("q1", queue.take().name());
        assertEquals("i1", queue.take().name());
        assertEquals(1, queue.depth(Lane.INGEST));
    }

    @Test
    void aBatchTakesTheKindOfTheLanesHeadAndLeavesTheRestInOrder() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(ingest("image1", true));
        queue.put(ingest("text1", false));
        queue.put(ingest("image2", true));
        queue.put(ingest("image3", true));

        assertEquals(List.of("image1", "image2"), names(queue.takeBatch(2, 0)), "images behind the head's kind join up to the batch size");
        assertEquals(List.of("text1"), names(queue.takeBatch(8, 0)), "the text is now the oldest item");
        assertEquals(List.of("image3"), names(queue.takeBatch(8, 0)));
    }

    @Test
    void anIngestBatchWaitsToFillButAQueryBatchDoesNot() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(query("q1"));
        assertEquals(List.of("q1"), names(queue.takeBatch(8, TimeUnit.SECONDS.toNanos(30))), "a query batch goes at once");

        queue.put(ingest("i1", false));
        CompletableFuture<List<Item>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.takeBatch(2, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.put(ingest("i2", false));
        assertEquals(List.of("i1", "i2"), names(batch.get(30, TimeUnit.SECONDS)), "the ingest batch waited for its second item");
    }

    @Test
    void aQueryArrivingWhileAnIngestBatchFillsIsServedFirstAndTheIngestItemsKeepTheirPlace() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(ingest("i1", false));
        CompletableFuture<List<Item>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.takeBatch(64, TimeUnit.MINUTES.toNanos(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (queue.depth(Lane.INGEST) > 0) {
            Thread.onSpinWait();
        }
        queue.put(query("q1"));

        assertEquals(List.of("q1"), names(batch.get(60, TimeUnit.SECONDS)), "a query cuts the ten-minute wait short and goes first");
        assertEquals(List.of("i1"), names(queue.takeBatch(64, 0)));
    }

    @Test
    void closingWakesTakersAndHandsBackWhatWasQueued() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(ingest("left", true));
        assertEquals(List.of("left"), names(queue.close()));
        assertNull(queue.take());
        assertNull(queue.takeBatch(4, 0));
        assertTrue(queue.depth(Lane.QUERY) == 0 && queue.depth(Lane.INGEST) == 0);
    }

    @Test
    void aQueryWorkerTakesOnlyQueryItemsAndWaitsWhileOnlyIngestItemsAreQueued() throws Exception {
        LaneQueue<Item> queue = new LaneQueue<>();
        queue.put(ingest("i1", true));
        CompletableFuture<List<Item>> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.takeQueryBatch(8);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrowsTimeout(worker);

        queue.put(query("q1"));

        assertEquals(List.of("q1"), names(worker.get(30, TimeUnit.SECONDS)));
        queue.put(ingest("i2", true));
        queue.put(query("q2"));
        assertEquals(List.of("q2"), names(queue.takeQueryBatch(8)), "a query behind ingest items is taken past them");
        assertEquals(2, queue.depth(Lane.INGEST), "the ingest items are left for the replicas");
        queue.close();
        assertNull(queue.takeQueryBatch(8), "a closed queue ends the worker");
    }

    private static void assertThrowsTimeout(CompletableFuture<?> future) {
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
            () -> future.get(200, TimeUnit.MILLISECONDS), "nothing for the query worker yet");
    }
}
