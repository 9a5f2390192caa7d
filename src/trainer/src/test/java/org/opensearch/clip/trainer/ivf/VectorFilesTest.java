package org.opensearch.clip.trainer.ivf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorFilesTest {
    static final float[][] ROWS = {{1f, 2f, 3f}, {-0.5f, 0.25f, 8f}};

    /** Writes a version 1.0 .npy file as numpy.save does: magic, version, header padded to 64 bytes, then the data. */
    static void writeNpy(Path file, float[][] rows, String descr) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows.length + ", " + rows[0].length + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + rows.length * rows[0].length * 4);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        out.order(order);
        for (float[] row : rows) {
            for (float x : row) {
                out.putFloat(x);
            }
        }
        Files.write(file, out.array());
    }

    private static List<float[]> read(VectorSource source) throws IOException {
        List<float[]> out = new ArrayList<>();
        source.forEach(out::add);
        return out;
    }

    @Test
    void readsNpyInEitherByteOrder(@TempDir Path dir) throws IOException {
        for (String descr : List.of("<f4", ">f4")) {
            Path file = dir.resolve("v" + descr.charAt(0) + ".npy");
            writeNpy(file, ROWS, descr);
            List<float[]> read = read(new NpyVectors(file));
            assertEquals(2, read.size());
            assertArrayEquals(ROWS[0], read.get(0));
            assertArrayEquals(ROWS[1], read.get(1));
        }
    }

    @Test
    void refusesNpyOfAnotherType(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("d.npy");
        writeNpy(file, ROWS, "<f8");
        IOException e = assertThrows(IOException.class, () -> read(new NpyVectors(file)));
        assertTrue(e.getMessage().contains("must hold float32 values"), e.getMessage());
        Path notNpy = dir.resolve("x.npy");
        Files.writeString(notNpy, "hello");
        assertThrows(IOException.class, () -> read(new NpyVectors(notNpy)));
    }

    @Test
    void readsFvecs(@TempDir Path dir) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(2 * (4 + 12)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : ROWS) {
            out.putInt(3);
            for (float x : row) {
                out.putFloat(x);
            }
        }
        Path file = dir.resolve("v.fvecs");
        Files.write(file, out.array());
        List<float[]> read = read(new FvecsVectors(file));
        assertArrayEquals(ROWS[1], read.get(1));
        Files.write(file, new byte[] {3, 0, 0, 0, 1, 2});
        assertThrows(IOException.class, () -> read(new FvecsVectors(file)));
    }

    @Test
    void readsJsonLinesOfArraysOrObjects(@TempDir Path dir) throws IOException {
        Path arrays = dir.resolve("a.jsonl");
        Files.writeString(arrays, "[1, 2, 3]\n\n[-0.5, 0.25, 8]\n");
        assertArrayEquals(ROWS[1], read(new JsonLinesVectors(arrays, null)).get(1));
        Path objects = dir.resolve("o.jsonl");
        Files.writeString(objects, "{\"id\": 1, \"v\": [1, 2, 3]}\n");
        assertArrayEquals(ROWS[0], read(new JsonLinesVectors(objects, "v")).get(0));
        IOException e = assertThrows(IOException.class, () -> read(new JsonLinesVectors(objects, null)));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("--field"), e.getMessage());
    }

    @Test
    void reservoirKeepsEverythingUntilFullThenASeededUniformSample() {
        ReservoirSample small = new ReservoirSample(10, 1);
        for (int i = 0; i < 5; i++) {
            small.accept(new float[] {i});
        }
        assertEquals(5, small.vectors().length);
        assertEquals(4f, small.vectors()[4][0]);

        float[][] first = sample(1000, 100, 7);
        float[][] again = sample(1000, 100, 7);
        assertEquals(100, first.length);
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(first[i], again[i]);
        }
        double mean = 0;
        for (float[] v : first) {
            mean += v[0];
        }
        mean /= first.length;
        assertTrue(mean > 350 && mean < 650, "a uniform sample of 0..999 has a mean near 500, got " + mean);
        ReservoirSample mixed = new ReservoirSample(3, 1);
        mixed.accept(new float[2]);
        assertThrows(IllegalArgumentException.class, () -> mixed.accept(new float[3]));
    }

    private static float[][] sample(int n, int capacity, long seed) {
        ReservoirSample sample = new ReservoirSample(capacity, seed);
        for (int i = 0; i < n; i++) {
            sample.accept(new float[] {i});
        }
        assertEquals(n, sample.seen());
        return sample.vectors();
    }
}
