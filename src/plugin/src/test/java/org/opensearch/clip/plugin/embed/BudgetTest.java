package org.opensearch.clip.plugin.embed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reservations against a bounded budget: wait for room, give up at the deadline, refuse what can never fit. */
class BudgetTest {

    @Test
    void aReservationWaitsForRoomAndGetsItWhenAnotherIsReleased() throws Exception {
        Budget budget = new Budget(() -> 100);
        assertTrue(budget.reserve(80, System.nanoTime()));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.reserve(50, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(80, budget.used(), "80 + 50 do not fit in 100: the second waits");
        budget.release(80);

        assertTrue(second.get(60, TimeUnit.SECONDS));
        assertEquals(50, budget.used());
        assertEquals(80, budget.peak());
    }

    @Test
    void aReservationThatCannotGetRoomBeforeItsDeadlineGivesUp() throws Exception {
        Budget budget = new Budget(() -> 100);
        budget.reserve(100, System.nanoTime());
        assertFalse(budget.reserve(1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20)));
        assertEquals(100, budget.used());
    }

    @Test
    void somethingLargerThanTheWholeBudgetIsRefusedAtOnce() {
        Budget budget = new Budget(() -> 100);
        assertThrows(IllegalArgumentException.class, () -> budget.reserve(101, System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
        assertEquals(0, budget.used());
    }
}
