package org.opensearch.clip.encoder.hub;

import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One of the encoder's weight programs (TorchScript code with empty placeholders, made by
 * src/tools/make_hub_programs.py, resources {@code vision-<precision>.pt} / {@code text-<precision>.pt}): given a
 * tower's weight list it copies (or, for int8, quantises) them into itself and is saved as an ordinary TorchScript
 * encoder file.
 */
final class WeightProgram {
    private WeightProgram() {}

    /**
     * Loads the program for {@code tower} ({@code vision} or {@code text}) at {@code precision}, gives it
     * {@code weights} and writes the loaded module to {@code out}. The DJL runtime must have been started.
     */
    static void write(String tower, Precision precision, NDList weights, PtNDManager manager, Path out) throws HubCheckpointException {
        String resource = tower + "-" + precision.option() + ".pt";
        Path program;
        try (InputStream in = WeightProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the encoder jar lacks its weight program " + resource);
            }
            program = Files.createTempFile(out.getParent(), "program-", ".pt");
            Files.copy(in, program, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write into " + out.getParent() + ": " + e.getMessage(), e);
        }
        try {
            PtSymbolBlock block = DjlRuntime.withModuleClassLoader(
                () -> JniUtils.loadModule(manager, program, true, new String[0], new String[0], false)
            );
            try {
                IValue[] items = new IValue[weights.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = IValue.from((PtNDArray) weights.get(i));
                }
                IValue list = IValue.listFrom(items);
                try {
                    IValue result = IValueUtils.runMethod(block, "load", list);
                    result.close();
                } finally {
                    list.close();
                    for (IValue item : items) {
                        item.close();
                    }
                }
                try (OutputStream os = Files.newOutputStream(out)) {
                    JniUtils.writeModule(block, os, false);
                }
            } finally {
                block.close();
            }
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write " + out + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new HubCheckpointException("the " + tower + " weight program (" + precision.option() + ") refused the weights: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(program);
            } catch (IOException ignored) {
                // a leftover temporary program is harmless
            }
        }
    }
}
