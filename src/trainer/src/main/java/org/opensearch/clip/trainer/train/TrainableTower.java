package org.opensearch.clip.trainer.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One TorchScript encoder of a bundle loaded with trainable parameters: runs forward passes that record gradients,
 * exposes its parameters to the optimizer, and writes itself back as a standard TorchScript file that the plugin and
 * Python load.
 */
public final class TrainableTower implements AutoCloseable {
    private final String prefix;
    private final Model model;
    private final PtSymbolBlock block;
    private final ParameterStore store;
    private final boolean trainable;

    private TrainableTower(String prefix, Model model, boolean trainable) {
        this.prefix = prefix;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        this.store = new ParameterStore(model.getNDManager(), false);
        this.trainable = trainable;
    }

    /**
     * Loads {@code directory/fileName} on a device; a frozen tower ({@code trainable} false) computes no gradients.
     * {@code prefix} names its parameters ({@code image}, {@code text}).
     */
    public static TrainableTower load(Path directory, String fileName, Device device, String prefix, boolean trainable) {
        String name = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Model model = DjlRuntime.withModuleClassLoader(() -> Model.newInstance(prefix + "-tower", device, DjlRuntime.ENGINE));
        try {
            DjlRuntime.withModuleClassLoader(() -> {
                model.load(directory, name, Map.of("trainParam", Boolean.toString(trainable), "mapLocation", "true"));
                return null;
            });
        } catch (RuntimeException e) {
            model.close();
            Throwable cause = e.getCause() instanceof IOException || e.getCause() instanceof MalformedModelException ? e.getCause() : e;
            throw new IllegalArgumentException("cannot load " + directory.resolve(fileName) + " as TorchScript: " + cause.getMessage(), e);
        }
        return new TrainableTower(prefix, model, trainable);
    }

    /**
     * Runs the encoder in training mode; inside a gradient collector the result carries gradients. TorchScript's graph
     * optimiser is switched off for the calling thread: its profiling runs and its optimised graphs compute gradients
     * that differ in the last bits, so a resumed run (whose modules start profiling afresh) would drift from an
     * uninterrupted one.
     */
    public NDArray forward(NDList inputs) {
        JniUtils.setGraphExecutorOptimize(false);
        return block.forward(store, inputs, true).head();
    }

    /** The tower's parameters, named {@code <prefix>.<torch name>}; empty for a frozen tower. */
    public List<TrainableParameter> parameters() {
        List<TrainableParameter> out = new ArrayList<>();
        if (!trainable) {
            return out;
        }
        for (Pair<String, Parameter> entry : block.getParameters()) {
            NDArray array = entry.getValue().getArray();
            out.add(new TrainableParameter(prefix + "." + entry.getKey(), array, array.getShape().dimension() >= 2));
        }
        return out;
    }

    /** Writes the module, with its current weights, as a TorchScript file. */
    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            JniUtils.writeModule(block, out, false);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
