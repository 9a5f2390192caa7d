package org.opensearch.clip.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.trainer.TestRuntime;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdamWTest {
    @BeforeAll
    static void runtime() {
        TestRuntime.start();
    }

    /** Loss sum(w * c): the gradient of w is c. */
    private static void backward(NDArray weight, float[] c) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(weight.mul(weight.getManager().create(c)).sum());
        }
    }

    @Test
    void updatesLikeTheFormulaAndDecaysOnlyWhereAsked() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray decayed = manager.create(new float[] { 1f, -2f });
            NDArray plain = manager.create(new float[] { 1f, -2f });
            decayed.setRequiresGradient(true);
            plain.setRequiresGradient(true);
            AdamW adam = new AdamW(List.of(new TrainableParameter("d", decayed, true), new TrainableParameter("p", plain, false)),
                0.9, 0.999, 1e-8, 0.5, manager);
            float[] c = { 0.5f, -4f };
            backward(decayed, c);
            backward(plain, c);
            adam.step(0.1);
            // first Adam step: m^ = g, v^ = g^2, so the step is lr * sign(g) (up to eps); decay adds lr * wd * w
            assertArrayEquals(new float[] { 1f - 0.1f - 0.05f, -2f + 0.1f + 0.1f }, decayed.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] { 0.9f, -1.9f }, plain.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] { 0, 0 }, plain.getGradient().toFloatArray(), "gradients are cleared after a step");

            // second step with gradient -g: m = 0.9 * 0.1 g - 0.1 g = -0.01 g, m^ = -0.01 g / 0.19; v^ = g^2 exactly
            backward(plain, new float[] { -0.5f, 4f });
            adam.step(0.1);
            double moved = 0.1 * 0.01 / 0.19;
            assertArrayEquals(new float[] { (float) (0.9 + moved), (float) (-1.9 - moved) }, plain.toFloatArray(), 1e-5f);
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void stateRoundTripsIntoAFreshOptimizer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w1 = manager.create(new float[] { 1f, 2f, 3f });
            NDArray w2 = manager.create(new float[] { 1f, 2f, 3f });
            w1.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            AdamW first = new AdamW(List.of(new TrainableParameter("w", w1, true)), 0.9, 0.98, 1e-6, 0.1, manager);
            float[] c = { 0.3f, -0.2f, 0.1f };
            for (int i = 0; i < 3; i++) {
                backward(w1, c);
                first.step(0.01);
            }
            AdamW second = new AdamW(List.of(new TrainableParameter("w", w2, true)), 0.9, 0.98, 1e-6, 0.1, manager);
            w2.set(w1.toByteBuffer());
            byte[] saved = first.state(manager).encode();
            second.restore(NDList.decode(manager, saved));
            assertEquals(3, second.steps());
            backward(w1, c);
            first.step(0.01);
            backward(w2, c);
            second.step(0.01);
            assertArrayEquals(w1.toFloatArray(), w2.toFloatArray(), 0f);
            assertFalse(w1.toFloatArray()[0] == 1f);
        }
    }
}
