package org.opensearch.clip.trainer.ivf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A NumPy {@code .npy} file holding a two-dimensional float32 array (rows are vectors), as {@code numpy.save} writes. */
final class NpyVectors implements VectorSource {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)f4'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\s*,?\\)");

    private final Path file;

    NpyVectors(Path file) {
        this.file = file;
    }

    @Override
    public void forEach(Consumer<float[]> sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(6);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a .npy file");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int headerLength = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort())) : Integer.reverseBytes(in.readInt());
            String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(header);
            if (!descr.find()) {
                throw new IOException(file + " must hold float32 values (dtype '<f4'); its header says " + header.trim());
            }
            if (header.contains("'fortran_order': True")) {
                throw new IOException(file + " is in Fortran order; save it with numpy.ascontiguousarray first");
            }
            Matcher shape = SHAPE.matcher(header);
            if (!shape.find()) {
                throw new IOException(file + " must hold a two-dimensional array (vectors x dimension); its header says " + header.trim());
            }
            ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            read(in, Integer.parseInt(shape.group(1)), Integer.parseInt(shape.group(2)), order, sink);
        }
    }

    private void read(InputStream in, int rows, int dimension, ByteOrder order, Consumer<float[]> sink) throws IOException {
        byte[] row = new byte[dimension * Float.BYTES];
        for (int r = 0; r < rows; r++) {
            if (in.readNBytes(row, 0, row.length) != row.length) {
                throw new IOException(file + " ends after " + r + " of " + rows + " rows");
            }
            float[] vector = new float[dimension];
            ByteBuffer.wrap(row).order(order).asFloatBuffer().get(vector);
            sink.accept(vector);
        }
    }

    @Override
    public String describe() {
        return file.getFileName().toString();
    }
}
