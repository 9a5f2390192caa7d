package org.opensearch.clip.trainer.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    @Test
    void showsEpochBarLossRateThroughputAndEta() {
        assertEquals(
            "epoch  3/12 [###############...............]  50% 27/54  loss 2.3140  lr 4.10e-04  412 pairs/s  ETA 1:02:05",
            ProgressBar.line(3, 12, 27, 54, 2.314, 4.1e-4, 412.2, 3725)
        );
        assertEquals("0:09", ProgressBar.duration(9.4));
        assertEquals("?", ProgressBar.duration(Double.NaN));
    }

    @Test
    void inALogWritesWholeLinesAndAlwaysTheLastStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3600);
        bar.update(1, 2, 1, 3, 1.0, 1e-3, 10, 5);
        bar.update(1, 2, 2, 3, 1.0, 1e-3, 10, 4);
        bar.update(1, 2, 3, 3, 1.0, 1e-3, 10, 3);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length); // the first and the epoch's last; the middle one is within the interval
        assertEquals(true, lines[1].contains("100% 3/3"));
    }
}
