package org.opensearch.clip.encoder.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.encoder.model.PixelBatch;
import org.opensearch.clip.encoder.tokenize.TokenBatch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny Hub snapshots of src/test/resources/hub (src/tools/make_hub_checkpoints.py, random weights) with the
 * inputs and the embeddings the reference modules computed for them.
 */
public final class HubFixtures {
    private HubFixtures() {}

    static Path root() {
        try {
            return Path.of(HubFixtures.class.getResource("/hub/inputs.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path snapshot(String name) {
        return root().resolve(name);
    }

    static PixelBatch pixels(Path root) throws IOException {
        JsonArray shape = inputs(root).getAsJsonArray("pixels_shape");
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(root.resolve("inputs.pixels.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(data);
        return new PixelBatch(data, shape.get(0).getAsInt(), shape.get(2).getAsInt());
    }

    static TokenBatch ids(Path root) throws IOException {
        JsonArray rows = inputs(root).getAsJsonArray("ids");
        int length = rows.get(0).getAsJsonArray().size();
        long[] ids = new long[rows.size() * length];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < length; c++) {
                ids[r * length + c] = rows.get(r).getAsJsonArray().get(c).getAsLong();
            }
        }
        return new TokenBatch(ids, new long[ids.length], rows.size(), length);
    }

    static JsonObject reference(Path snapshot) throws IOException {
        return JsonParser.parseString(Files.readString(snapshot.resolve("reference.json"))).getAsJsonObject();
    }

    static float[][] rows(JsonArray array) {
        float[][] rows = new float[array.size()][];
        for (int r = 0; r < rows.length; r++) {
            JsonArray row = array.get(r).getAsJsonArray();
            rows[r] = new float[row.size()];
            for (int c = 0; c < row.size(); c++) {
                rows[r][c] = row.get(c).getAsFloat();
            }
        }
        return rows;
    }

    /** The smallest cosine between corresponding rows. */
    public static double minCosine(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new AssertionError(a.length + " rows against " + b.length);
        }
        double min = 1;
        for (int r = 0; r < a.length; r++) {
            min = Math.min(min, Vectors.dot(Vectors.normalize(a[r].clone()), Vectors.normalize(b[r].clone())));
        }
        return min;
    }

    private static JsonObject inputs(Path root) throws IOException {
        return JsonParser.parseString(Files.readString(root.resolve("inputs.json"))).getAsJsonObject();
    }
}
