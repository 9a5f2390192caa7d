package org.opensearch.clip.plugin.outbound;

import java.util.HashMap;
import java.util.Map;

/** Bounds how many requests to one host run at once: the others wait, at most until their own deadline. */
final class HostPermits {
    private final Map<String, Integer> inUse = new HashMap<>();

    /**
     * Takes one of {@code max} permits of {@code host}, waiting until {@code deadlineNanos} (System.nanoTime) for one;
     * the returned handle gives it back.
     */
    synchronized Runnable acquire(String host, int max, long deadlineNanos, String shownUrl) throws OutboundException {
        while (inUse.getOrDefault(host, 0) >= max) {
            long waitMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                throw new OutboundException(OutboundException.Kind.TIMEOUT, shownUrl + ": timed out waiting for one of the " + max
                    + " connections to " + host + " (clip.fetch.max_connections_per_host)");
            }
            try {
                wait(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutboundException(OutboundException.Kind.TIMEOUT, shownUrl + ": interrupted while waiting for a connection");
            }
        }
        inUse.merge(host, 1, Integer::sum);
        boolean[] released = new boolean[1];
        return () -> release(host, released);
    }

    /** How many requests to {@code host} hold a permit now. */
    synchronized int inUse(String host) {
        return inUse.getOrDefault(host, 0);
    }

    private synchronized void release(String host, boolean[] released) {
        if (released[0]) {
            return;
        }
        released[0] = true;
        inUse.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
        notifyAll();
    }
}
