package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.clip.encoder.ivf.TrainingMonitor;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;

import java.util.Map;

/**
 * The task of one IVF training: cancellable ({@code POST _tasks/<id>/_cancel} stops it between sample pages and
 * k-means iterations), with its progress as the task status. Also the k-means monitor.
 */
public final class IvfTrainingTask extends CancellableTask implements TrainingMonitor {
    private volatile String model;
    private volatile TrainingPhase phase = TrainingPhase.PREPARING;
    private volatile long sampled;
    private volatile long sampleSize;
    private volatile int iteration;
    private volatile int maxIterations;
    private volatile double objective = Double.NaN;
    private volatile long moved;

    IvfTrainingTask(long id, String type, String action, String description, TaskId parent, Map<String, String> headers, String model) {
        super(id, type, action, description, parent, headers);
        this.model = model;
    }

    @Override
    public boolean shouldCancelChildrenOnCancellation() {
        return true;
    }

    @Override
    public IvfTrainingStatus getStatus() {
        return new IvfTrainingStatus(model, phase, sampled, sampleSize, iteration, maxIterations, objective, moved);
    }

    void model(String ref) {
        this.model = ref;
    }

    void phase(TrainingPhase next) {
        this.phase = next;
    }

    void sampling(long wanted) {
        this.sampleSize = wanted;
    }

    void sampled(long count) {
        this.sampled = count;
    }

    @Override
    public void iteration(int done, int max, double objectiveNow, int movedNow) {
        this.iteration = done;
        this.maxIterations = max;
        this.objective = objectiveNow;
        this.moved = movedNow;
    }

    @Override
    public boolean cancelled() {
        return isCancelled();
    }
}
