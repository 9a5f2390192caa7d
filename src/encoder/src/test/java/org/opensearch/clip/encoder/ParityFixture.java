package org.opensearch.clip.encoder;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python reference data in {@code src/test/resources/parity} (written by {@code src/tools/make_parity_fixture.py}):
 * preprocessing tensors made with PIL + torchvision, and embeddings made by the same TorchScript encoders in torch.
 */
public final class ParityFixture {
    private ParityFixture() {}

    /**
     * One reference image case.
     *
     * @param image     the image, relative to the test resources
     * @param size      the crop size
     * @param resize    the shortest side after resizing
     * @param mean      the per-channel mean
     * @param std       the per-channel standard deviation
     * @param tensor    the reference preprocessing output, CHW
     * @param embedding the reference L2-normalised tiny-clip image embedding, or null when the case has none
     */
    public record ImageCase(String image, int size, int resize, float[] mean, float[] std, float[] tensor, float[] embedding) {
        @Override
        public String toString() {
            return image + " at " + size;
        }
    }

    /**
     * One reference text.
     *
     * @param text      the text
     * @param ids       the token ids, padded to the context length
     * @param embedding the reference L2-normalised tiny-clip text embedding
     */
    public record TextCase(String text, long[] ids, float[] embedding) {
        @Override
        public String toString() {
            return "[" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "]";
        }
    }

    /** Every case of {@code parity/reference.json}, in file order. */
    public static List<ImageCase> imageCases() {
        JsonObject root = JsonParser.parseString(new String(TestFiles.bytes("parity/reference.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
        List<ImageCase> cases = new ArrayList<>();
        for (JsonElement element : root.getAsJsonArray("cases")) {
            JsonObject c = element.getAsJsonObject();
            JsonElement embedding = c.get("embedding");
            cases.add(
                new ImageCase(
                    c.get("image").getAsString(),
                    c.get("size").getAsInt(),
                    c.get("resize").getAsInt(),
                    floats(c.getAsJsonArray("mean")),
                    floats(c.getAsJsonArray("std")),
                    littleEndianFloats(c.get("tensor").getAsString()),
                    embedding == null || embedding.isJsonNull() ? null : littleEndianFloats(embedding.getAsString())
                )
            );
        }
        return cases;
    }

    /** Every text of {@code parity/text.json}, in file order. */
    public static List<TextCase> textCases() {
        JsonArray root = JsonParser.parseString(new String(TestFiles.bytes("parity/text.json"), StandardCharsets.UTF_8)).getAsJsonArray();
        List<TextCase> cases = new ArrayList<>();
        for (JsonElement element : root) {
            JsonObject t = element.getAsJsonObject();
            JsonArray idsJson = t.getAsJsonArray("ids");
            long[] ids = new long[idsJson.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = idsJson.get(i).getAsLong();
            }
            cases.add(new TextCase(t.get("text").getAsString(), ids, floats(t.getAsJsonArray("embedding"))));
        }
        return cases;
    }

    private static float[] floats(JsonArray array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsFloat();
        }
        return out;
    }

    /** A {@code .f32} file: raw float32 values, little-endian, as the Python tool writes them. */
    private static float[] littleEndianFloats(String relative) {
        byte[] bytes = TestFiles.bytes(relative);
        if (bytes.length % Float.BYTES != 0) {
            throw new AssertionError(relative + " is " + bytes.length + " bytes, not a whole number of float32 values");
        }
        float[] out = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The cosine of the angle between two vectors of the same length, in double precision. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("vectors differ in length: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    /** The largest absolute difference between corresponding elements of two arrays of the same length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("arrays differ in length: " + a.length + " and " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
