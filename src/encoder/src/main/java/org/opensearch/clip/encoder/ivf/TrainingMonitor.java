package org.opensearch.clip.encoder.ivf;

/** Watches a k-means run: told after every iteration, asked whether to stop. */
public interface TrainingMonitor {
    /** A monitor that reports nothing and never cancels. */
    TrainingMonitor NONE = new TrainingMonitor() {
        @Override
        public void iteration(int done, int max, double objective, int moved) {}

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /**
     * Called after each Lloyd iteration.
     *
     * @param done      iterations done so far
     * @param max       the iteration bound
     * @param objective the mean similarity of the vectors to their centroids in this iteration
     * @param moved     how many vectors changed list in this iteration
     */
    void iteration(int done, int max, double objective, int moved);

    /** Whether the run should stop; checked between iterations. */
    boolean cancelled();
}
