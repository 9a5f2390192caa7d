package org.opensearch.clip.trainer.train;

import com.google.gson.JsonObject;

import java.nio.file.Path;

/**
 * The settings of a training run.
 *
 * @param model              the bundle training starts from (a trained bundle to fine-tune, or a fresh one)
 * @param out                the run's folder: checkpoints, the final bundle, metrics and chart
 * @param epochs             passes over the training split
 * @param batchSize          pairs per step (the contrastive batch)
 * @param learningRate       the peak learning rate
 * @param minLearningRate    the rate the cosine schedule decays to
 * @param warmupSteps        linear warm-up steps; negative for 5% of all steps
 * @param weightDecay        AdamW's decoupled weight decay for matrices and embeddings
 * @param seed               seeds the split, the data order and the caption choice
 * @param frozen             which tower keeps its weights
 * @param validationFraction share of split keys held out for evaluation
 * @param logitScale         the starting logit scale, or {@code NaN} for the bundle's own
 * @param name               the output bundle's name
 * @param version            the output bundle's version
 * @param workers            data loading threads
 * @param keepCheckpoints    how many epoch checkpoints to keep
 * @param cropScale          the smallest side of a random crop, as a share of the image's (with a random mirror
 *                           image, {@link org.opensearch.clip.trainer.input.Augmentation}); 1 trains on the images as they are
 */
public record TrainOptions(
    Path model,
    Path out,
    int epochs,
    int batchSize,
    double learningRate,
    double minLearningRate,
    int warmupSteps,
    double weightDecay,
    long seed,
    FrozenTower frozen,
    double validationFraction,
    double logitScale,
    String name,
    String version,
    int workers,
    int keepCheckpoints,
    double cropScale
) {
    /** Options without augmentation. */
    public TrainOptions(Path model, Path out, int epochs, int batchSize, double learningRate, double minLearningRate, int warmupSteps,
        double weightDecay, long seed, FrozenTower frozen, double validationFraction, double logitScale, String name, String version,
        int workers, int keepCheckpoints) {
        this(model, out, epochs, batchSize, learningRate, minLearningRate, warmupSteps, weightDecay, seed, frozen, validationFraction,
            logitScale, name, version, workers, keepCheckpoints, 1);
    }

    /** Validates the numbers. */
    public TrainOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("--batch-size must be at least 2, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("--weight-decay must not be negative, got " + weightDecay);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (!(cropScale > 0 && cropScale <= 1)) {
            throw new IllegalArgumentException("--augment-crop must be in (0, 1], got " + cropScale);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("--keep-checkpoints must be at least 1, got " + keepCheckpoints);
        }
    }

    /** The warm-up length for a run of {@code totalSteps} steps. */
    public int warmupFor(int totalSteps) {
        return warmupSteps >= 0 ? Math.min(warmupSteps, totalSteps) : (int) Math.round(0.05 * totalSteps);
    }

    /**
     * The settings that determine the result; a resumed run must match the stopped one in all of them (the output
     * folder, worker count and checkpoint count may change).
     */
    public JsonObject fingerprint() {
        JsonObject json = new JsonObject();
        json.addProperty("model", model.toAbsolutePath().normalize().toString());
        json.addProperty("epochs", epochs);
        json.addProperty("batch_size", batchSize);
        json.addProperty("lr", learningRate);
        json.addProperty("min_lr", minLearningRate);
        json.addProperty("warmup_steps", warmupSteps);
        json.addProperty("weight_decay", weightDecay);
        json.addProperty("seed", seed);
        json.addProperty("freeze", frozen.toString());
        json.addProperty("val_fraction", validationFraction);
        json.addProperty("logit_scale", Double.isNaN(logitScale) ? "bundle" : Double.toString(logitScale));
        json.addProperty("name", name);
        json.addProperty("version", version);
        if (cropScale < 1) {
            json.addProperty("augment_crop", cropScale);
        }
        return json;
    }
}
