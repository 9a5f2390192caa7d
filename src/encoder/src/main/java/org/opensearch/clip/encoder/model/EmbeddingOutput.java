package org.opensearch.clip.encoder.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

import org.opensearch.clip.encoder.math.Vectors;

/** Turns an encoder's {@code [B, D]} output into L2-normalised float rows. */
final class EmbeddingOutput {
    private EmbeddingOutput() {}

    static float[][] rows(NDList output, int expectedDim) {
        NDArray array = output.get(0);
        if (array.getDataType() != DataType.FLOAT32) {
            array = array.toType(DataType.FLOAT32, false);
        }
        long[] shape = array.getShape().getShape();
        if (shape.length != 2 || shape[1] != expectedDim) {
            throw new IllegalStateException("encoder returned shape " + array.getShape() + ", expected [B, " + expectedDim + "]");
        }
        float[] flat = array.toFloatArray();
        int count = (int) shape[0];
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] row = new float[expectedDim];
            System.arraycopy(flat, i * expectedDim, row, 0, expectedDim);
            rows[i] = Vectors.normalize(row);
        }
        return rows;
    }
}
