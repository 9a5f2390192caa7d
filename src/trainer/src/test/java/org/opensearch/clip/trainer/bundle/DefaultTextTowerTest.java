package org.opensearch.clip.trainer.bundle;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.trainer.TestRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped default bundle's locked MiniLM text tower, run the way the plugin runs it (DJL's tokenizer on its
 * tokenizer.json, the serving encoder), against {@code docs/default-model/text-check.json}: the token ids of
 * convert_minilm.py's own WordPiece and the ONNX reference embeddings of its NumPy evaluator.
 */
class DefaultTextTowerTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();

    @BeforeAll
    static void runtime() {
        TestRuntime.start();
    }

    @Test
    void tokenIdsAndEmbeddingsMatchTheOnnxReference() throws IOException {
        Path check = ROOT.resolve("docs/default-model/text-check.json");
        Path bundleDir = ROOT.resolve("config/models/default");
        assumeTrue(Files.isRegularFile(check), "no text-check.json: the default bundle has no converted text tower");
        ModelBundle bundle = ModelBundle.open(bundleDir, bundleDir);
        assumeTrue(bundle.manifest().text().attentionMask(), "the default bundle's text tower takes no mask");
        JsonArray cases = JsonParser.parseString(Files.readString(check, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("cases");
        List<String> texts = new ArrayList<>();
        for (JsonElement c : cases) {
            texts.add(c.getAsJsonObject().get("text").getAsString());
        }
        try (ClipTokenizer tokenizer = ClipTokenizer.load(bundle.file(ModelManifest.TOKENIZER), bundle.manifest().text());
             ClipEncoder encoder = ClipEncoder.load(bundle, Device.cpu())) {
            TokenBatch tokens = tokenizer.tokenize(texts);
            float[][] embeddings = encoder.encodeTexts(texts, 8);
            for (int i = 0; i < texts.size(); i++) {
                JsonObject c = cases.get(i).getAsJsonObject();
                long[] expected = new long[c.getAsJsonArray("ids").size()];
                for (int j = 0; j < expected.length; j++) {
                    expected[j] = c.getAsJsonArray("ids").get(j).getAsLong();
                }
                long[] row = tokens.row(i);
                assertArrayEquals(expected, Arrays.copyOf(row, expected.length), "ids of [" + texts.get(i) + "]");
                for (int j = expected.length; j < row.length; j++) {
                    assertEquals(bundle.manifest().text().padId(), row[j], "padding after [" + texts.get(i) + "]");
                }
                JsonArray reference = c.getAsJsonArray("embedding");
                double dot = 0;
                double norm = 0;
                for (int j = 0; j < reference.size(); j++) {
                    dot += embeddings[i][j] * reference.get(j).getAsDouble();
                    norm += reference.get(j).getAsDouble() * reference.get(j).getAsDouble();
                }
                double cosine = dot / Math.sqrt(norm);
                assertTrue(cosine >= 0.9999, "cosine " + cosine + " for [" + texts.get(i) + "]");
            }
        }
    }
}
