package org.opensearch.clip.trainer.train;

/**
 * Linear warm-up from near zero to the peak rate over {@code warmupSteps}, then cosine decay to {@code minRate}
 * at {@code totalSteps}.
 *
 * @param peakRate    the rate at the end of warm-up
 * @param minRate     the rate the cosine decays to
 * @param warmupSteps steps of linear warm-up
 * @param totalSteps  all steps of the run
 */
public record LearningRateSchedule(double peakRate, double minRate, int warmupSteps, int totalSteps) {
    /** Validates the schedule. */
    public LearningRateSchedule {
        if (!(peakRate > 0) || minRate < 0 || minRate > peakRate) {
            throw new IllegalArgumentException("need 0 <= min rate <= peak rate and peak rate > 0, got " + minRate + " and " + peakRate);
        }
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("need 0 <= warm-up steps (" + warmupSteps + ") <= total steps (" + totalSteps + ")");
        }
    }

    /** The rate for step {@code step} (0-based). */
    public double rate(int step) {
        if (step < warmupSteps) {
            return peakRate * (step + 1) / warmupSteps;
        }
        int decaySteps = totalSteps - warmupSteps;
        double progress = decaySteps == 0 ? 1 : Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return minRate + 0.5 * (peakRate - minRate) * (1 + Math.cos(Math.PI * progress));
    }
}
