package org.opensearch.clip.encoder.hub;

import java.util.Arrays;

/**
 * One tensor of a checkpoint file as its header or pickle declares it, already checked against the file: its name,
 * element type, shape (C order, contiguous) and where its bytes are.
 *
 * @param source where the bytes are: a byte offset in a safetensors file, or a zip entry of a PyTorch checkpoint
 * @param offset the first byte inside {@code source}
 */
public record TensorEntry(String name, TensorType type, long[] shape, String source, long offset) {
    /** The number of elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The number of bytes the tensor's data takes. */
    public long bytes() {
        return Math.multiplyExact(elements(), type.bytes());
    }

    /** The shape as text, e.g. {@code [768, 3, 32, 32]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
