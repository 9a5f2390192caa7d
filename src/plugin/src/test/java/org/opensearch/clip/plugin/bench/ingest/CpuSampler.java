package org.opensearch.clip.plugin.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Busy share of every core between two readings of {@code /proc/stat} (user, nice, system, irq, softirq over all). */
final class CpuSampler {
    private final List<long[]> start;

    private CpuSampler(List<long[]> start) {
        this.start = start;
    }

    static CpuSampler start() throws IOException {
        return new CpuSampler(read());
    }

    /** The busy fraction of each core since {@link #start()}. */
    List<Double> busy() throws IOException {
        List<long[]> end = read();
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < Math.min(start.size(), end.size()); c++) {
            long busy = end.get(c)[0] - start.get(c)[0];
            long total = end.get(c)[1] - start.get(c)[1];
            out.add(total == 0 ? 0.0 : (double) busy / total);
        }
        return out;
    }

    private static List<long[]> read() throws IOException {
        List<long[]> cores = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                String[] f = line.trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long busy = user + nice + system + irq + softirq;
                cores.add(new long[] { busy, busy + idle + iowait });
            }
        }
        return cores;
    }
}
