package org.opensearch.clip.plugin.embed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a decode thread holds back for queries: only while one is in flight, no query image waits, and the pause lasts. */
class QueryPauseTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private static CompletableFuture<Boolean> awaitInBackground(QueryPause pause) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pause.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void withNoQueryInFlightADecodeThreadGoesOnAtOnce() throws Exception {
        assertFalse(new QueryPause(() -> false, () -> 0, () -> MINUTE).await());
    }

    @Test
    void aDecodeThreadWaitsWhileAQueryIsInFlightAndGoesOnWhenItIsAnswered() throws Exception {
        AtomicBoolean inFlight = new AtomicBoolean(true);
        CompletableFuture<Boolean> waiting = awaitInBackground(new QueryPause(inFlight::get, () -> 0, () -> MINUTE));
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS), "held back while the query is in flight");

        inFlight.set(false);

        assertTrue(waiting.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aQueryImageWaitingForDecodingEndsThePause() throws Exception {
        AtomicInteger queryImages = new AtomicInteger();
        CompletableFuture<Boolean> waiting = awaitInBackground(new QueryPause(() -> true, queryImages::get, () -> MINUTE));
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));

        queryImages.set(1);

        assertTrue(waiting.get(30, TimeUnit.SECONDS), "the thread is needed for the query's own image");
    }

    @Test
    void thePauseEndsAfterTheSettingEvenIfQueriesKeepComing() throws Exception {
        assertTrue(awaitInBackground(new QueryPause(() -> true, () -> 0, () -> TimeUnit.MILLISECONDS.toNanos(5))).get(30, TimeUnit.SECONDS));
    }

    @Test
    void aPauseOfZeroTurnsItOff() throws Exception {
        assertFalse(new QueryPause(() -> true, () -> 0, () -> 0).await());
    }
}
