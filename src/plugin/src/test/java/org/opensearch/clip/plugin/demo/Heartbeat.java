package org.opensearch.clip.plugin.demo;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints "[demo] <what> … N s" every few seconds while a quiet step runs, so that the demo never looks stuck. */
final class Heartbeat implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();

    Heartbeat(String what, int everySeconds) {
        timer.scheduleAtFixedRate(() -> System.out.printf(Locale.ROOT, "[demo] %s … %d s%n", what,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)), everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
