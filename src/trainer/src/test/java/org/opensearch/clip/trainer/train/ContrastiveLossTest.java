package org.opensearch.clip.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.trainer.TestRuntime;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ContrastiveLossTest {
    @BeforeAll
    static void runtime() {
        TestRuntime.start();
    }

    @Test
    void handComputedCase() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // orthonormal pairs, logit scale exp(0) = 1: logits are the identity matrix, every row's right answer
            // has probability e / (e + 1), so both directions lose ln(1 + e) - 1
            NDArray images = manager.create(new float[] { 3, 0, 0, 2 }, new Shape(2, 2)); // not normalised on purpose
            NDArray texts = manager.create(new float[] { 1, 0, 0, 5 }, new Shape(2, 2));
            NDArray logScale = manager.create(new float[] { 0f });
            float loss = ContrastiveLoss.compute(images, texts, logScale, new int[] { 0, 1 }).getFloat();
            assertEquals(Math.log(1 + Math.E) - 1, loss, 1e-6);

            // logit scale 2: loss ln(1 + e^-2)
            NDArray two = manager.create(new float[] { (float) Math.log(2) });
            assertEquals(Math.log(1 + Math.exp(-2)), ContrastiveLoss.compute(images, texts, two, new int[] { 0, 1 }).getFloat(), 1e-6);
        }
    }

    @Test
    void matchesAPlainJavaComputationAndItsTemperatureGradient() {
        int n = 5;
        int d = 3;
        Random random = new Random(3);
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        int[] groups = { 0, 1, 0, 2, 3 }; // pairs 0 and 2 are one group
        double t = Math.log(1 / 0.07);
        double expected = reference(a, b, n, d, groups, t);
        double slope = (reference(a, b, n, d, groups, t + 1e-4) - reference(a, b, n, d, groups, t - 1e-4)) / 2e-4;
        try (NDManager manager = NDManager.newBaseManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logScale = manager.create(new float[] { (float) t });
            logScale.setRequiresGradient(true);
            NDArray loss = ContrastiveLoss.compute(manager.create(a, new Shape(n, d)), manager.create(b, new Shape(n, d)), logScale, groups);
            collector.backward(loss);
            assertEquals(expected, loss.getFloat(), 1e-4);
            assertEquals(slope, logScale.getGradient().getFloat(), 1e-3);
        }
    }

    @Test
    void groupTargetsSpreadOverTheGroup() {
        assertArrayEquals(new float[] { 0.5f, 0, 0.5f, 0, 1, 0, 0.5f, 0, 0.5f }, ContrastiveLoss.targets(new int[] { 7, 8, 7 }));
    }

    /** The loss written out with loops, in double precision. */
    private static double reference(float[] a, float[] b, int n, int d, int[] groups, double logScale) {
        double[][] x = normalise(a, n, d);
        double[][] y = normalise(b, n, d);
        double[][] logits = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += x[i][k] * y[j][k];
                }
                logits[i][j] = Math.exp(logScale) * dot;
            }
        }
        double rows = 0;
        double columns = 0;
        for (int i = 0; i < n; i++) {
            int size = 0;
            for (int j = 0; j < n; j++) {
                size += groups[j] == groups[i] ? 1 : 0;
            }
            double rowSum = 0;
            double columnSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += Math.exp(logits[i][j]);
                columnSum += Math.exp(logits[j][i]);
            }
            for (int j = 0; j < n; j++) {
                if (groups[j] == groups[i]) {
                    rows -= (logits[i][j] - Math.log(rowSum)) / size;
                    columns -= (logits[j][i] - Math.log(columnSum)) / size;
                }
            }
        }
        return (rows / n + columns / n) / 2;
    }

    private static double[][] normalise(float[] v, int n, int d) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += v[i * d + k] * v[i * d + k];
            }
            for (int k = 0; k < d; k++) {
                out[i][k] = v[i * d + k] / Math.sqrt(norm);
            }
        }
        return out;
    }
}
