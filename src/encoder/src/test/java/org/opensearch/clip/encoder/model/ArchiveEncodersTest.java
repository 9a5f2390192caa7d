package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.tokenize.TokenBatch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archive bundles (one TorchScript archive with {@code encode_image} / {@code encode_text}, OpenAI's release layout)
 * encode as PyTorch does: the float32 archive as it is, and the float16 archive traced "on CUDA" after it has been
 * rewritten for the CPU. The reference embeddings were computed by PyTorch (src/tools/make_test_archives.py).
 */
class ArchiveEncodersTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path work;
    static float[] pixels;
    static long[] ids;
    static float[][] imageReference;
    static float[][] textReference;

    @BeforeAll
    static void readReference() throws IOException, URISyntaxException {
        DjlRuntime.start(Path.of(System.getProperty("java.io.tmpdir"), "djl"), 1);
        byte[] raw = Files.readAllBytes(resource("parity/archive-pixels.f32"));
        pixels = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(pixels);
        JsonObject json = JsonParser.parseString(Files.readString(resource("parity/archive.json"))).getAsJsonObject();
        JsonArray rows = json.getAsJsonArray("ids");
        ids = new long[rows.size() * 77];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 77; c++) {
                ids[r * 77 + c] = rows.get(r).getAsJsonArray().get(c).getAsLong();
            }
        }
        imageReference = matrix(json.getAsJsonArray("image_embeddings"));
        textReference = matrix(json.getAsJsonArray("text_embeddings"));
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchiveEncodersTest.class.getResource("/" + name).toURI());
    }

    private static float[][] matrix(JsonArray rows) {
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            out[r] = new float[row.size()];
            for (int c = 0; c < row.size(); c++) {
                out[r][c] = row.get(c).getAsFloat();
            }
        }
        return out;
    }

    private static void assertRows(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], actual[r][c], TOLERANCE, "row " + r + " column " + c);
            }
        }
    }

    private static ClipModel load(String bundle, Path workDirectory) throws URISyntaxException {
        return ClipModel.load(ModelBundle.open(resource("models/" + bundle), workDirectory), Device.cpu());
    }

    @Test
    void aFloat32ArchiveIsUsedAsItIsAndMatchesPyTorch() throws URISyntaxException {
        try (ClipModel model = load("tiny-archive", work.resolve("fp32"))) {
            assertTrue(model.description().startsWith("model.pt, archive used as it is"), model.description());
            assertRows(imageReference, model.encodeImages(new PixelBatch(pixels, 2, 32)));
            assertRows(textReference, model.encodeTexts(new TokenBatch(ids, new long[ids.length], 2, 77)));
        }
        assertTrue(!Files.exists(work.resolve("fp32/archives")) || isEmpty(work.resolve("fp32/archives")), "no rewritten copy");
    }

    @Test
    void aFloat16CudaArchiveIsRewrittenForTheCpuAndMatchesTheFloat32One() throws URISyntaxException {
        Path workDirectory = work.resolve("fp16");
        try (ClipModel model = load("tiny-archive-fp16", workDirectory)) {
            String description = model.description();
            assertTrue(description.matches("model\\.pt, \\d+ device constants retargeted, \\d+ float16 casts made float32, \\d+ of \\d+ "
                + "storages widened from float16 to float32"), description);
            assertRows(imageReference, model.encodeImages(new PixelBatch(pixels, 2, 32)));
            assertRows(textReference, model.encodeTexts(new TokenBatch(ids, new long[ids.length], 2, 77)));
        }
        try (ClipModel again = load("tiny-archive-fp16", workDirectory)) {
            assertTrue(again.description().contains("(reused "), again.description());
            assertRows(imageReference, again.encodeImages(new PixelBatch(pixels, 2, 32)));
        }
    }

    @Test
    void theFloat16CudaArchiveDoesNotRunOnTheCpuWithoutTheRewrite() throws URISyntaxException {
        Path archive = resource("models/tiny-archive-fp16/model.pt");
        try (ZooModel<NDList, NDList> raw = TorchScriptFile.load(archive, Device.cpu(), "model.pt");
             Predictor<PixelBatch, float[][]> predictor = raw.newPredictor(new ImageTranslator(32, ArchiveEncoders.ENCODE_IMAGE))) {
            Exception e = assertThrows(Exception.class, () -> predictor.predict(new PixelBatch(pixels, 2, 32)));
            String message = e.getMessage();
            assertTrue(message.contains("CUDA") || message.contains("cuda"), message);
        }
    }

    private static boolean isEmpty(Path directory) {
        try (var files = Files.list(directory)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
