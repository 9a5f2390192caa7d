package org.opensearch.clip.plugin.embed;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A bounded amount shared by concurrent work (heap bytes of images being decoded, or preprocessed images waiting for
 * a model): each piece reserves what it will hold before it allocates it, waits while the budget is spent, and
 * releases it afterwards. A piece larger than the whole budget is refused, since it could never run.
 */
final class Budget {
    private final LongSupplier capacity;
    private long used;
    private long peak;

    /** A budget whose size may change (a dynamic setting); reservations already made are kept. */
    Budget(LongSupplier capacity) {
        this.capacity = capacity;
    }

    /** The whole budget now. */
    long capacity() {
        return Math.max(1, capacity.getAsLong());
    }

    /** Whether {@code amount} could ever be reserved. */
    boolean fits(long amount) {
        return amount <= capacity();
    }

    /**
     * Reserves {@code amount}, waiting until {@code deadlineNanos} (a {@link System#nanoTime()} value) for room.
     *
     * @return whether it was reserved; false when the deadline passed first
     * @throws IllegalArgumentException when {@code amount} exceeds the whole budget
     */
    synchronized boolean reserve(long amount, long deadlineNanos) throws InterruptedException {
        if (!fits(amount)) {
            throw new IllegalArgumentException("needs " + amount + ", more than the whole budget of " + capacity());
        }
        while (used > 0 && used + amount > capacity()) {
            long wait = deadlineNanos - System.nanoTime();
            if (wait <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        }
        used += amount;
        peak = Math.max(peak, used);
        return true;
    }

    /** Gives back what {@link #reserve} took. */
    synchronized void release(long amount) {
        used -= amount;
        notifyAll();
    }

    /** What is reserved now. */
    synchronized long used() {
        return used;
    }

    /** The most ever reserved at once. */
    synchronized long peak() {
        return peak;
    }
}
