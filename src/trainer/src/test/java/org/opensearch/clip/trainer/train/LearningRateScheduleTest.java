package org.opensearch.clip.trainer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningRateScheduleTest {
    @Test
    void linearWarmupThenCosineDecay() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-5, 4, 14);
        assertEquals(0.25e-3, schedule.rate(0), 1e-12);
        assertEquals(0.75e-3, schedule.rate(2), 1e-12);
        assertEquals(1e-3, schedule.rate(4), 1e-12); // peak at the first decay step
        assertEquals(1e-5 + 0.5 * (1e-3 - 1e-5), schedule.rate(9), 1e-12); // half way through the decay
        assertEquals(1e-5, schedule.rate(14), 1e-12);
        assertEquals(1e-5, schedule.rate(20), 1e-12);
        assertEquals(1e-3, new LearningRateSchedule(1e-3, 0, 0, 10).rate(0), 1e-12);
    }

    @Test
    void refusesInconsistentSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 1e-2, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0, 11, 10));
    }
}
