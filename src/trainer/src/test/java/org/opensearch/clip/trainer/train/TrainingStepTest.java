package org.opensearch.clip.trainer.train;

import ai.djl.Device;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.trainer.TestRuntime;
import org.opensearch.clip.trainer.input.PairBatch;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepTest {
    @BeforeAll
    static void runtime() {
        TestRuntime.start();
    }

    @Test
    void aFewStepsLowerTheLoss() {
        ModelBundle bundle = ModelBundle.open(TestRuntime.tinyClip(), TestRuntime.tinyClip());
        PairBatch batch = batch(bundle);
        try (ClipTrainingModel model = ClipTrainingModel.load(bundle, Device.cpu(), FrozenTower.NONE, ClipTrainingModel.INITIAL_LOGIT_SCALE)) {
            float[] loss = firstAndLastLoss(model, batch, 20);
            assertTrue(loss[1] < loss[0] * 0.5, "loss " + loss[0] + " -> " + loss[1]);
        }
    }

    /** Runs {@code steps} AdamW steps (lr 1e-3) on one batch after a first; returns the first and the last loss. */
    static float[] firstAndLastLoss(ClipTrainingModel model, PairBatch batch, int steps) {
        AdamW optimizer = new AdamW(model.parameters(), 0.9, 0.98, 1e-6, 0.1, model.manager());
        TrainingStep step = new TrainingStep(model, optimizer);
        float first = step.run(batch, 1e-3);
        float last = first;
        for (int i = 0; i < steps; i++) {
            last = step.run(batch, 1e-3);
        }
        return new float[] { first, last };
    }

    static PairBatch batch(ModelBundle bundle) {
        List<String> texts = List.of("a red cat", "a blue dog", "a green tree", "a yellow sun", "a black car", "a white boat");
        Random random = new Random(7);
        int size = bundle.manifest().image().size();
        float[] pixels = new float[texts.size() * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        try (ClipTokenizer tokenizer = ClipTokenizer.load(bundle.file("tokenizer.json"), bundle.manifest().text())) {
            TokenBatch tokens = tokenizer.tokenize(texts);
            return new PairBatch(pixels, size, tokens, new int[] { 0, 1, 2, 3, 4, 5 });
        }
    }
}
