package org.opensearch.clip.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), updating parameters in place from their gradients and
 * then clearing the gradients. Its moments and step count can be saved and restored, so a resumed run continues
 * with exactly the optimizer state it stopped with.
 */
public final class AdamW {
    private final List<TrainableParameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private int steps;

    /** An optimizer for {@code parameters} whose state lives in {@code stateManager}. */
    public AdamW(List<TrainableParameter> parameters, double beta1, double beta2, double epsilon, double weightDecay, NDManager stateManager) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (TrainableParameter p : parameters) {
            NDArray array = p.array();
            NDArray m = stateManager.zeros(array.getShape(), array.getDataType());
            NDArray v = stateManager.zeros(array.getShape(), array.getDataType());
            NDScope.unregister(m, v);
            firstMoments.put(p.name(), m);
            secondMoments.put(p.name(), v);
        }
    }

    /** How many updates were made. */
    public int steps() {
        return steps;
    }

    /** One update with learning rate {@code rate}; call outside a gradient collector, after backward. */
    public void step(double rate) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (TrainableParameter p : parameters) {
            NDArray weight = p.array();
            if (!weight.hasGradient()) {
                continue;
            }
            try (NDScope scope = new NDScope()) {
                NDArray gradient = weight.getGradient();
                NDArray m = firstMoments.get(p.name());
                NDArray v = secondMoments.get(p.name());
                m.muli(beta1).addi(gradient.mul(1 - beta1));
                v.muli(beta2).addi(gradient.square().muli(1 - beta2));
                NDArray denominator = v.div(correction2).sqrt().addi(epsilon);
                NDArray update = m.div(correction1).divi(denominator);
                if (p.decay() && weightDecay > 0) {
                    update.addi(weight.mul(weightDecay));
                }
                weight.subi(update.muli(rate));
                JniUtils.zeroGrad((PtNDArray) weight);
            }
        }
    }

    /** The moments, named {@code m:<parameter>} and {@code v:<parameter>}, plus the step count as {@code steps}. */
    public NDList state(NDManager manager) {
        NDList list = new NDList();
        for (TrainableParameter p : parameters) {
            list.add(named(firstMoments.get(p.name()).duplicate(), "m:" + p.name()));
            list.add(named(secondMoments.get(p.name()).duplicate(), "v:" + p.name()));
        }
        list.add(named(manager.create(new int[] { steps }), "steps"));
        return list;
    }

    /** Restores what {@link #state} returned; every parameter must be present with the same shape. */
    public void restore(NDList state) {
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray array : state) {
            byName.put(array.getName(), array);
        }
        List<String> missing = new ArrayList<>();
        for (TrainableParameter p : parameters) {
            NDArray m = byName.get("m:" + p.name());
            NDArray v = byName.get("v:" + p.name());
            if (m == null || v == null || !m.getShape().equals(p.array().getShape())) {
                missing.add(p.name());
                continue;
            }
            firstMoments.get(p.name()).set(m.toByteBuffer());
            secondMoments.get(p.name()).set(v.toByteBuffer());
        }
        if (!missing.isEmpty() || !byName.containsKey("steps")) {
            throw new IllegalArgumentException("optimizer state does not match the model: missing or reshaped " + missing);
        }
        steps = byName.get("steps").toIntArray()[0];
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
