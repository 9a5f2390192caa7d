package org.opensearch.clip.encoder.export;

import ai.djl.Device;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.model.PixelBatch;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.tokenize.ClipBpeVocabulary;
import org.opensearch.clip.encoder.tokenize.TokenBatch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * src/tools/export_clip.py on architecture-identical stand-ins of a Hugging Face CLIPModel and an OpenCLIP model
 * (src/tools/test_export_clip.py, which also checks in Python that the traced encoders back-propagate and hold no
 * fused inference-only attention): the exported bundles load here and embed as the stand-ins themselves do, and the
 * script's tokenizer.json is the one this module's converter writes. Needs Debian's /usr/bin/python3 with torch;
 * skipped without it.
 */
class ExportedBundlesTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOLERANCE = 1e-4;

    static Path out;
    static Path vocabulary;
    static JsonObject reference;

    @BeforeAll
    static void export() throws IOException, InterruptedException, URISyntaxException {
        assumeTrue(run(List.of(PYTHON, "-c", "import torch"), 60) == 0, PYTHON + " with torch is not available");
        Path shared = Path.of(System.getProperty("clip.shared.dir", "../../../shared"), "clip-vocab", "bpe_simple_vocab_16e6.txt.gz");
        vocabulary = Files.isRegularFile(shared) ? shared
            : Path.of(ExportedBundlesTest.class.getResource("/models/synthetic-bpe-vocab.txt.gz").toURI());
        out = Path.of(System.getProperty("java.io.tmpdir"), "export-test");
        Path script = Path.of("..", "tools", "test_export_clip.py");
        int status = run(List.of(PYTHON, script.toString(), "--vocab", vocabulary.toString(), "--out", out.toString()), 600);
        assertEquals(0, status, "test_export_clip.py failed; its output is above");
        reference = JsonParser.parseString(Files.readString(out.resolve("reference.json"))).getAsJsonObject();
        DjlRuntime.start(Path.of(System.getProperty("java.io.tmpdir"), "djl"), 1);
    }

    private static int run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            return -1; // no such interpreter
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return process.exitValue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "hf", "open-clip" })
    void anExportedBundleEmbedsAsTheModelItself(String bundleName) {
        JsonArray pixelValues = reference.getAsJsonArray("pixels");
        float[] pixels = new float[pixelValues.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = pixelValues.get(i).getAsFloat();
        }
        JsonArray rows = reference.getAsJsonArray("ids");
        long[] ids = new long[rows.size() * 77];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 77; c++) {
                ids[r * 77 + c] = rows.get(r).getAsJsonArray().get(c).getAsLong();
            }
        }
        JsonObject expected = reference.getAsJsonObject(bundleName);
        ModelBundle bundle = ModelBundle.open(out.resolve(bundleName), out.resolve("extract"));
        assertEquals("export-test-" + bundleName, bundle.manifest().name());
        try (ClipModel model = ClipModel.load(bundle, Device.cpu())) {
            int size = bundle.manifest().image().size();
            assertRows(expected.getAsJsonArray("image"), model.encodeImages(new PixelBatch(pixels, rows.size(), size)));
            assertRows(expected.getAsJsonArray("text"), model.encodeTexts(new TokenBatch(ids, new long[ids.length], rows.size(), 77)));
        }
    }

    @Test
    void theScriptsTokenizerIsTheConvertersTokenizer() throws IOException {
        Path java = out.resolve("tokenizer-from-java.json");
        ClipBpeVocabulary.read(vocabulary, ClipBpeVocabulary.CLIP_MERGES).writeTokenizerJson(java);
        JsonElement fromJava = JsonParser.parseString(Files.readString(java, StandardCharsets.UTF_8));
        for (String bundleName : List.of("hf", "open-clip")) {
            JsonElement fromPython = JsonParser.parseString(Files.readString(out.resolve(bundleName).resolve("tokenizer.json"), StandardCharsets.UTF_8));
            assertEquals("", difference(fromJava, fromPython, ""), bundleName + "/tokenizer.json differs from the converter's");
        }
    }

    @Test
    void theExportAvoidsTheFusedAttentionThatAnInferenceTraceCaptures() {
        JsonObject fastPath = reference.getAsJsonObject("fast_path");
        assertTrue(fastPath.get("eval_no_grad_trace_has_fused_attention").getAsBoolean(), "the pitfall is real in this torch");
        assertTrue(!fastPath.get("exported_has_fused_attention").getAsBoolean());
    }

    /** Where two JSON values differ (empty when they do not); a null member counts as absent. */
    private static String difference(JsonElement a, JsonElement b, String path) {
        if (a.isJsonObject() && b.isJsonObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            for (JsonObject o : List.of(a.getAsJsonObject(), b.getAsJsonObject())) {
                o.entrySet().stream().filter(e -> !e.getValue().isJsonNull()).forEach(e -> keys.add(e.getKey()));
            }
            for (String key : keys) {
                JsonElement x = a.getAsJsonObject().get(key);
                JsonElement y = b.getAsJsonObject().get(key);
                if (x == null || y == null || x.isJsonNull() || y.isJsonNull()) {
                    return path + "." + key + " is missing on one side";
                }
                String inner = difference(x, y, path + "." + key);
                if (!inner.isEmpty()) {
                    return inner;
                }
            }
            return "";
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray();
            JsonArray y = b.getAsJsonArray();
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                String inner = difference(x.get(i), y.get(i), path + "[" + i + "]");
                if (!inner.isEmpty()) {
                    return inner;
                }
            }
            return x.size() == y.size() ? "" : path + " has " + x.size() + " items against " + y.size();
        }
        return a.equals(b) ? "" : path + ": " + a + " against " + b;
    }

    private static void assertRows(JsonArray expected, float[][] actual) {
        assertEquals(expected.size(), actual.length);
        for (int r = 0; r < actual.length; r++) {
            JsonArray row = expected.get(r).getAsJsonArray();
            assertEquals(row.size(), actual[r].length);
            for (int c = 0; c < row.size(); c++) {
                assertEquals(row.get(c).getAsDouble(), actual[r][c], TOLERANCE, "row " + r + " column " + c);
            }
        }
    }
}
