package org.opensearch.clip.encoder.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Widens little-endian IEEE float16 values to little-endian float32, streaming (exact: every float16 is a float32). */
final class HalfToFloat {
    private static final int CHUNK = 1 << 16;

    private HalfToFloat() {}

    /** Reads float16 values from {@code in} to its end and writes them to {@code out} as float32. */
    static void widen(InputStream in, OutputStream out) throws IOException {
        byte[] half = new byte[CHUNK];
        byte[] full = new byte[CHUNK * 2];
        int carry = 0;
        int n;
        while ((n = in.read(half, carry, CHUNK - carry)) > 0) {
            int available = carry + n;
            int whole = available & ~1;
            for (int i = 0; i < whole; i += 2) {
                short bits = (short) ((half[i] & 0xFF) | (half[i + 1] & 0xFF) << 8);
                int f = Float.floatToRawIntBits(Float.float16ToFloat(bits));
                int o = i * 2;
                full[o] = (byte) f;
                full[o + 1] = (byte) (f >>> 8);
                full[o + 2] = (byte) (f >>> 16);
                full[o + 3] = (byte) (f >>> 24);
            }
            out.write(full, 0, whole * 2);
            carry = available - whole;
            if (carry == 1) {
                half[0] = half[whole];
            }
        }
        if (carry != 0) {
            throw new IOException("a float16 storage ends in the middle of a value");
        }
    }
}
