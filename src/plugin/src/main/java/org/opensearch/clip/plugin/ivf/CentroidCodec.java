package org.opensearch.clip.plugin.ivf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** How centroids are stored in the model index: nlist × dimension float32, little-endian, row after row, base64. */
final class CentroidCodec {
    private CentroidCodec() {}

    static String encode(float[][] rows) {
        int dimension = rows[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(rows.length * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float x : row) {
                buffer.putFloat(x);
            }
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    static float[][] decode(String base64, int nlist, int dimension) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != nlist * dimension * Float.BYTES) {
            throw new IllegalStateException("stored centroids hold " + bytes.length + " bytes, expected " + nlist + " x " + dimension
                + " floats");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] rows = new float[nlist][dimension];
        for (float[] row : rows) {
            for (int j = 0; j < dimension; j++) {
                row[j] = buffer.getFloat();
            }
        }
        return rows;
    }
}
