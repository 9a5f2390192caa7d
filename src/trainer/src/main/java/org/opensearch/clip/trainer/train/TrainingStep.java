package org.opensearch.clip.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;

import org.opensearch.clip.trainer.input.PairBatch;

/** One optimisation step: forward both towers, contrastive loss, backward, AdamW update, temperature clamp. */
public final class TrainingStep {
    private final ClipTrainingModel model;
    private final AdamW optimizer;

    /** Steps {@code model} with {@code optimizer}. */
    public TrainingStep(ClipTrainingModel model, AdamW optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /** Trains on one batch at learning rate {@code rate} and returns the batch's loss before the update. */
    public float run(PairBatch batch, double rate) {
        float loss;
        try (NDScope scope = new NDScope(); NDManager step = model.manager().newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = model.loss(batch, step);
                collector.backward(value);
                loss = value.getFloat();
            }
            optimizer.step(rate);
            model.clampLogitScale();
        }
        return loss;
    }
}
