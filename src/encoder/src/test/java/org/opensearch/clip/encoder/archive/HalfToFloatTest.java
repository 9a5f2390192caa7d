package org.opensearch.clip.encoder.archive;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** float16 bit patterns become the float32 values they stand for, in little-endian order, chunk borders included. */
class HalfToFloatTest {
    @Test
    void widensKnownValues() throws IOException {
        short[] halves = { 0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, (short) 0x8000, 0x3555 };
        float[] expected = { 1f, -2f, 65504f, (float) Math.pow(2, -24), Float.POSITIVE_INFINITY, -0f, 0.333251953125f };
        assertArrayEquals(expected, widen(halves, 1 << 20));
    }

    @Test
    void valuesSplitAcrossReadsAreReassembled() throws IOException {
        short[] halves = new short[100_003];
        float[] expected = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            halves[i] = (short) (i * 7);
            expected[i] = Float.float16ToFloat(halves[i]);
        }
        assertArrayEquals(expected, widen(halves, 333)); // an odd read size splits values between reads
    }

    @Test
    void anOddNumberOfBytesIsRefused() {
        assertThrows(IOException.class, () -> HalfToFloat.widen(new ByteArrayInputStream(new byte[] { 1, 2, 3 }), new ByteArrayOutputStream()));
    }

    private static float[] widen(short[] halves, int readSize) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            in.putShort(h);
        }
        InputStream source = new ByteArrayInputStream(in.array()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HalfToFloat.widen(source, out);
        float[] floats = new float[halves.length];
        ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        return floats;
    }
}
