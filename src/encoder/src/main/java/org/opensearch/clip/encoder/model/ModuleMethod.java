package org.opensearch.clip.encoder.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Selects the TorchScript method a forward pass runs: DJL's PyTorch engine calls the method named by an input array
 * called {@code module_method:<name>} (the array itself is not passed), and {@code forward} without one.
 */
final class ModuleMethod {
    private static final String PREFIX = "module_method:";

    private ModuleMethod() {}

    /** Appends the marker for {@code method} to the inputs; nothing for null ({@code forward}). */
    static NDList select(NDList inputs, NDManager manager, String method) {
        if (method != null) {
            NDArray marker = manager.create(new float[0]);
            marker.setName(PREFIX + method);
            inputs.add(marker);
        }
        return inputs;
    }
}
