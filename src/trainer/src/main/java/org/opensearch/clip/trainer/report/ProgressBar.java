package org.opensearch.clip.trainer.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line: epoch, a bar over the epoch's steps, running loss, learning rate, pairs per second
 * and the ETA of the whole run. On a terminal the line is redrawn in place; in a log file a line is written every
 * {@code logIntervalSeconds} and at the end of each epoch.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long logIntervalNanos;
    private long lastDraw;
    private boolean drawn;
    private int lastLength;

    /** A progress bar on {@code out}; {@code interactive} redraws in place. */
    public ProgressBar(PrintStream out, boolean interactive, int logIntervalSeconds) {
        this.out = out;
        this.interactive = interactive;
        this.logIntervalNanos = logIntervalSeconds * 1_000_000_000L;
    }

    /**
     * Whether stdout is a terminal. From Java 22 {@code System.console()} exists even when output is redirected and
     * {@code Console.isTerminal()} tells; on Java 21 a console exists only on a terminal.
     */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Shows progress after step {@code step} of {@code steps} in epoch {@code epoch} of {@code epochs}. */
    public void update(int epoch, int epochs, int step, int steps, double loss, double rate, double pairsPerSecond, double etaSeconds) {
        long now = System.nanoTime();
        boolean last = step == steps;
        long interval = interactive ? 100_000_000L : logIntervalNanos;
        if (!last && drawn && now - lastDraw < interval) {
            return;
        }
        lastDraw = now;
        drawn = true;
        String line = line(epoch, epochs, step, steps, loss, rate, pairsPerSecond, etaSeconds);
        if (interactive) {
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            out.print("\r" + line + padding);
            lastLength = line.length();
            if (last) {
                out.println();
                lastLength = 0;
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line itself. */
    static String line(int epoch, int epochs, int step, int steps, double loss, double rate, double pairsPerSecond, double etaSeconds) {
        int filled = steps == 0 ? WIDTH : (int) ((long) WIDTH * step / steps);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        int digits = Integer.toString(epochs).length();
        return String.format(
            Locale.ROOT,
            "epoch %" + digits + "d/%d [%s] %3d%% %d/%d  loss %.4f  lr %.2e  %.0f pairs/s  ETA %s",
            epoch, epochs, bar, steps == 0 ? 100 : 100 * step / steps, step, steps, loss, rate, pairsPerSecond, duration(etaSeconds)
        );
    }

    /** {@code h:mm:ss} or {@code m:ss}. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600
            ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
