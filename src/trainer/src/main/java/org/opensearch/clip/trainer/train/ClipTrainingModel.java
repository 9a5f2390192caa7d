package org.opensearch.clip.trainer.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.trainer.bundle.BundleWriter;
import org.opensearch.clip.trainer.input.PairBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle's two encoders opened for training, plus CLIP's learnable temperature: {@code logit_scale} is kept as its
 * logarithm, starts at the bundle's value (or a given one, ln(1/0.07) for a fresh model) and is clamped to at most
 * ln(100) after every update, as in the CLIP paper.
 */
public final class ClipTrainingModel implements AutoCloseable {
    /** The largest logit scale: logits are never scaled by more than 100. */
    public static final double MAX_LOGIT_SCALE = 100.0;
    /** The logit scale of a freshly initialised CLIP: 1 / 0.07. */
    public static final double INITIAL_LOGIT_SCALE = 1 / 0.07;

    private final ModelManifest manifest;
    private final Path tokenizerFile;
    private final TrainableTower image;
    private final TrainableTower text;
    private final NDManager manager;
    private final NDArray logScale;
    private final Path lockedTextFile;
    private final LockedTextFeatures lockedText;

    private ClipTrainingModel(ModelManifest manifest, Path tokenizerFile, TrainableTower image, TrainableTower text, NDManager manager,
        NDArray logScale, Path lockedTextFile) {
        this.lockedTextFile = lockedTextFile;
        this.lockedText = lockedTextFile == null ? null : new LockedTextFeatures(text, manifest.text().attentionMask());
        this.manifest = manifest;
        this.tokenizerFile = tokenizerFile;
        this.image = image;
        this.text = text;
        this.manager = manager;
        this.logScale = logScale;
    }

    /** Opens a verified bundle for training with the given logit scale. */
    public static ClipTrainingModel load(ModelBundle bundle, Device device, FrozenTower frozen, double logitScale) {
        if (!(logitScale > 0) || logitScale > MAX_LOGIT_SCALE) {
            throw new IllegalArgumentException("logit scale must be in (0, " + MAX_LOGIT_SCALE + "], got " + logitScale);
        }
        TrainableTower image = TrainableTower.load(bundle.directory(), ModelManifest.IMAGE_ENCODER, device, "image", frozen != FrozenTower.IMAGE);
        try {
            TrainableTower text = TrainableTower.load(bundle.directory(), ModelManifest.TEXT_ENCODER, device, "text", !frozen.textFrozen());
            NDManager manager = NDManager.newBaseManager(device);
            NDArray logScale = manager.create(new float[] { (float) Math.log(logitScale) }, new Shape(1));
            logScale.setRequiresGradient(true);
            Path locked = frozen == FrozenTower.LOCKED_TEXT ? bundle.file(ModelManifest.TEXT_ENCODER) : null;
            return new ClipTrainingModel(bundle.manifest(), bundle.file(ModelManifest.TOKENIZER), image, text, manager, logScale, locked);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /** The manager of the model's own arrays and device. */
    public NDManager manager() {
        return manager;
    }

    /** Every parameter the optimizer updates: the unfrozen towers' and the temperature. */
    public List<TrainableParameter> parameters() {
        List<TrainableParameter> out = new ArrayList<>(image.parameters());
        out.addAll(text.parameters());
        out.add(new TrainableParameter("logit_scale", logScale, false));
        return out;
    }

    /** The loss of one batch; call inside a gradient collector to record gradients. */
    public NDArray loss(PairBatch batch, NDManager stepManager) {
        int count = batch.count();
        // copied into libtorch's own (aligned) memory: arrays made from Java buffers alias them at whatever alignment
        // they have, and vectorised kernels may then round differently from run to run
        NDArray pixels = stepManager.create(batch.pixels(), new Shape(count, 3, batch.size(), batch.size())).duplicate();
        NDArray imageFeatures = image.forward(new NDList(pixels));
        NDArray textFeatures = lockedText != null ? lockedText.features(batch.tokens(), stepManager) : text.forward(textInput(batch, stepManager));
        return ContrastiveLoss.compute(imageFeatures, textFeatures, logScale, batch.groups());
    }

    private NDList textInput(PairBatch batch, NDManager stepManager) {
        Shape tokenShape = new Shape(batch.count(), batch.tokens().length());
        NDList textInput = new NDList(stepManager.create(batch.tokens().ids(), tokenShape));
        if (manifest.text().attentionMask()) {
            textInput.add(stepManager.create(batch.tokens().mask(), tokenShape));
        }
        return textInput;
    }

    /** Clamps the temperature after an update so that the logit scale stays at most 100. */
    public void clampLogitScale() {
        float max = (float) Math.log(MAX_LOGIT_SCALE);
        float value = logScale.getFloat();
        if (value > max) {
            logScale.subi(value - max);
        }
    }

    /** The current logit scale, {@code exp} applied. */
    public double logitScale() {
        return Math.exp(logScale.getFloat());
    }

    /** The logarithm of the logit scale, exactly as trained (checkpoints keep it bit for bit). */
    public float logLogitScale() {
        return logScale.getFloat();
    }

    /** Sets the logarithm of the logit scale (when resuming from a checkpoint). */
    public void setLogLogitScale(float value) {
        logScale.set(new float[] { value });
    }

    /** Writes the model as a complete bundle into {@code directory} (created if needed) and verifies it. */
    public ModelBundle writeBundle(Path directory, String name, String version) throws IOException {
        Files.createDirectories(directory);
        image.write(directory.resolve(ModelManifest.IMAGE_ENCODER));
        if (lockedTextFile != null) {
            Files.copy(lockedTextFile, directory.resolve(ModelManifest.TEXT_ENCODER), StandardCopyOption.REPLACE_EXISTING);
        } else {
            text.write(directory.resolve(ModelManifest.TEXT_ENCODER));
        }
        Files.copy(tokenizerFile, directory.resolve(ModelManifest.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
        return BundleWriter.writeManifest(directory, manifest, name, version, logitScale());
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            try {
                text.close();
            } finally {
                manager.close();
            }
        }
    }
}
