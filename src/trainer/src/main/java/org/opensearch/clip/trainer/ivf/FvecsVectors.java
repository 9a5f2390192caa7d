package org.opensearch.clip.trainer.ivf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** An {@code .fvecs} file (the ANN benchmarks' format): per vector a little-endian int32 dimension, then the floats. */
final class FvecsVectors implements VectorSource {
    private final Path file;

    FvecsVectors(Path file) {
        this.file = file;
    }

    @Override
    public void forEach(Consumer<float[]> sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] length = new byte[4];
            long index = 0;
            while (true) {
                int read = in.readNBytes(length, 0, 4);
                if (read == 0) {
                    return;
                }
                if (read < 4) {
                    throw new IOException(file + " ends inside vector " + index);
                }
                int dimension = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (dimension < 1 || dimension > 65_536) {
                    throw new IOException(file + ": vector " + index + " claims dimension " + dimension + "; is this an .fvecs file?");
                }
                byte[] values = in.readNBytes(dimension * Float.BYTES);
                if (values.length != dimension * Float.BYTES) {
                    throw new IOException(file + " ends inside vector " + index);
                }
                float[] vector = new float[dimension];
                ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
                sink.accept(vector);
                index++;
            }
        }
    }

    @Override
    public String describe() {
        return file.getFileName().toString();
    }
}
