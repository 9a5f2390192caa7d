package org.opensearch.clip.encoder.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.TestFiles;
import org.opensearch.clip.encoder.TinyClip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading {@code clip-model.json}: the test bundle's manifest, and variants of it with one thing wrong, each refused
 * with a message that starts with the file name and names the key and the problem.
 */
class ModelManifestTest {

    private static JsonObject good() {
        String json = new String(TestFiles.bytes(TinyClip.RESOURCE + "/clip-model.json"), StandardCharsets.UTF_8);
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static ModelManifest parse(Consumer<JsonObject> change) {
        JsonObject manifest = good();
        change.accept(manifest);
        return ModelManifest.parse(manifest.toString());
    }

    private static void assertRefused(String expectedMessage, Consumer<JsonObject> change) {
        BundleException e = assertThrows(BundleException.class, () -> parse(change));
        assertEquals("clip-model.json: " + expectedMessage, e.getMessage());
    }

    @Test
    void theTestBundleManifestReadsAsWritten() {
        ModelManifest manifest = ModelManifest.parse(good().toString());
        assertEquals("tiny-clip-test", manifest.name());
        assertEquals("1", manifest.version());
        assertEquals(32, manifest.embeddingDim());
        assertEquals(new ImageConfig(64, 64, "bicubic", "center", List.of(0.48145466, 0.4578275, 0.40821073),
            List.of(0.26862954, 0.26130258, 0.27577711)), manifest.image());
        assertEquals(new TextConfig(77, 0, false), manifest.text());
        assertEquals(100.0, manifest.logitScale());
        assertEquals(
            "2740838758ff59b7c821037758f8b945a6ac483aeb1951115cd2a14fef86608c",
            manifest.files().get(ModelManifest.IMAGE_ENCODER)
        );
        assertEquals(3, manifest.files().size());
    }

    @Test
    void optionalKeysTakeTheirDocumentedDefaults() {
        ModelManifest manifest = parse(m -> {
            m.remove("format_version");
            m.remove("logit_scale");
            JsonObject image = m.getAsJsonObject("image");
            image.remove("resize");
            image.remove("interpolation");
            image.remove("crop");
            JsonObject text = m.getAsJsonObject("text");
            text.remove("context_length");
            text.remove("pad_id");
            text.remove("attention_mask");
        });
        assertEquals(new ImageConfig(64, 64, "bicubic", "center", manifest.image().mean(), manifest.image().std()), manifest.image());
        assertEquals(new TextConfig(77, 0, false), manifest.text());
        assertEquals(100.0, manifest.logitScale());
    }

    @Test
    void nonDefaultValuesAreKept() {
        ModelManifest manifest = parse(m -> {
            m.getAsJsonObject("image").addProperty("resize", 72);
            m.getAsJsonObject("image").addProperty("interpolation", "bilinear");
            m.getAsJsonObject("text").addProperty("context_length", 16);
            m.getAsJsonObject("text").addProperty("pad_id", 49407);
            m.getAsJsonObject("text").addProperty("attention_mask", true);
            m.addProperty("logit_scale", 14.3);
        });
        assertEquals(72, manifest.image().resize());
        assertEquals("bilinear", manifest.image().interpolation());
        assertEquals(new TextConfig(16, 49407, true), manifest.text());
        assertEquals(14.3, manifest.logitScale());
    }

    @Test
    void uppercaseDigestsAreAcceptedAndLowercased() {
        ModelManifest manifest = parse(m -> {
            JsonObject files = m.getAsJsonObject("files");
            files.addProperty("tokenizer.json", files.get("tokenizer.json").getAsString().toUpperCase(java.util.Locale.ROOT));
        });
        assertEquals("5231ce289eec18f51ce24224a2706efbe7ffc4a6c0f8275f8f66da6332f0c6a9", manifest.files().get("tokenizer.json"));
    }

    @Test
    void malformedJsonIsRefused() {
        BundleException e = assertThrows(BundleException.class, () -> ModelManifest.parse("{\"name\": \"x\",,}"));
        assertTrue(e.getMessage().startsWith("clip-model.json: not valid JSON: "), e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        for (String json : new String[] { "[1, 2]", "\"clip\"", "" }) {
            BundleException e = assertThrows(BundleException.class, () -> ModelManifest.parse(json), json);
            assertEquals("clip-model.json: must be a JSON object", e.getMessage(), json);
        }
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        assertRefused("format_version 2 is not supported (this plugin reads version 1)", m -> m.addProperty("format_version", 2));
    }

    @Test
    void aFormatVersionThatIsNotANumberIsRefused() {
        assertRefused("[format_version] must be an integer", m -> m.addProperty("format_version", "one"));
        assertRefused("[format_version] must be an integer", m -> m.add("format_version", new JsonObject()));
        assertRefused("[format_version] must be an integer", m -> m.addProperty("format_version", 1.5));
    }

    @Test
    void missingOrEmptyNamesAreRefused() {
        assertRefused("[name] is required and must be a non-empty string", m -> m.remove("name"));
        assertRefused("[name] is required and must be a non-empty string", m -> m.addProperty("name", " "));
        assertRefused("[name] is required and must be a non-empty string", m -> m.addProperty("name", 7));
        assertRefused("[version] is required and must be a non-empty string", m -> m.remove("version"));
    }

    @Test
    void namesWithCharactersOutsideTheAllowedSetAreRefused() {
        assertRefused(
            "name [my model] may only contain letters, digits, '.', '_', '-' and '/'",
            m -> m.addProperty("name", "my model")
        );
    }

    @Test
    void theEmbeddingDimensionMustBeAPositiveInteger() {
        String problem = "[embedding_dim] is required and must be a positive integer";
        assertRefused(problem, m -> m.remove("embedding_dim"));
        assertRefused(problem, m -> m.addProperty("embedding_dim", 0));
        assertRefused(problem, m -> m.addProperty("embedding_dim", -32));
        assertRefused(problem, m -> m.addProperty("embedding_dim", "32"));
        assertRefused(problem, m -> m.addProperty("embedding_dim", 32.5));
        assertRefused(problem, m -> m.add("embedding_dim", new JsonArray()));
    }

    @Test
    void theImageSectionIsRequiredAndChecked() {
        assertRefused("[image] is required and must be an object", m -> m.remove("image"));
        assertRefused("[image] is required and must be an object", m -> m.addProperty("image", 64));
        assertRefused("[image.size] is required and must be a positive integer", m -> m.getAsJsonObject("image").remove("size"));
        assertRefused("[image.resize] is required and must be a positive integer", m -> m.getAsJsonObject("image").addProperty("resize", -1));
        assertRefused(
            "image.resize (32) must be at least image.size (64)",
            m -> m.getAsJsonObject("image").addProperty("resize", 32)
        );
        assertRefused(
            "image.interpolation [nearest] must be bicubic or bilinear",
            m -> m.getAsJsonObject("image").addProperty("interpolation", "nearest")
        );
        assertRefused("image.crop [random] must be center", m -> m.getAsJsonObject("image").addProperty("crop", "random"));
    }

    @Test
    void meanAndStdMustBeThreeNumbers() {
        String meanProblem = "[image.mean] is required and must be an array of 3 numbers (R, G, B)";
        assertRefused(meanProblem, m -> m.getAsJsonObject("image").remove("mean"));
        assertRefused(meanProblem, m -> m.getAsJsonObject("image").add("mean", array(0.5, 0.5)));
        assertRefused(meanProblem, m -> m.getAsJsonObject("image").addProperty("mean", 0.5));
        assertRefused(meanProblem, m -> {
            JsonArray mean = array(0.5, 0.5);
            mean.add("half");
            m.getAsJsonObject("image").add("mean", mean);
        });
        assertRefused(
            "[image.std] is required and must be an array of 3 numbers (R, G, B)",
            m -> m.getAsJsonObject("image").add("std", array(0.2, 0.2, 0.2, 0.2))
        );
        assertRefused("image.std values must be positive, got [0.2, 0.0, 0.2]", m -> m.getAsJsonObject("image").add("std", array(0.2, 0, 0.2)));
    }

    @Test
    void theTextSectionIsRequiredAndChecked() {
        assertRefused("[text] is required and must be an object", m -> m.remove("text"));
        assertRefused(
            "text.context_length must be at least 2 (start and end tokens)",
            m -> m.getAsJsonObject("text").addProperty("context_length", 1)
        );
        assertRefused(
            "[text.context_length] is required and must be a positive integer",
            m -> m.getAsJsonObject("text").addProperty("context_length", "77")
        );
        assertRefused("[text.pad_id] must be a non-negative integer", m -> m.getAsJsonObject("text").addProperty("pad_id", "pad"));
        assertRefused("[text.pad_id] must be a non-negative integer", m -> m.getAsJsonObject("text").addProperty("pad_id", -1));
        assertRefused(
            "[text.attention_mask] must be true or false",
            m -> m.getAsJsonObject("text").addProperty("attention_mask", "yes")
        );
    }

    @Test
    void theLogitScaleMustBeAPositiveNumber() {
        assertRefused("[logit_scale] must be a positive number", m -> m.addProperty("logit_scale", "high"));
        assertRefused("[logit_scale] must be a positive number", m -> m.addProperty("logit_scale", 0));
    }

    @Test
    void filesMustListEveryBundleFileWithItsDigest() {
        assertRefused("[files] is required and must be an object", m -> m.remove("files"));
        assertRefused(
            "files must list text_encoder.pt with its sha256",
            m -> m.getAsJsonObject("files").remove("text_encoder.pt")
        );
        assertRefused(
            "files.tokenizer.json must be a sha256 hex digest (64 hex characters), got [abc123]",
            m -> m.getAsJsonObject("files").addProperty("tokenizer.json", "abc123")
        );
        assertRefused(
            "files.tokenizer.json must be a sha256 hex digest (64 hex characters), got [{}]",
            m -> m.getAsJsonObject("files").add("tokenizer.json", new JsonObject())
        );
    }

    @Test
    void filesMustStayInsideTheBundle() {
        String digest = "0".repeat(64);
        assertRefused("files.../secret must be a plain file name inside the bundle", m -> m.getAsJsonObject("files").addProperty("../secret", digest));
        assertRefused("files./etc/passwd must be a plain file name inside the bundle", m -> m.getAsJsonObject("files").addProperty("/etc/passwd", digest));
    }

    @Test
    void filesKeepTheManifestsOrder() {
        // bundles are verified in this order, so a bundle missing several files always names the same one
        ModelManifest manifest = ModelManifest.parse(good().toString());
        assertEquals(List.of("image_encoder.pt", "text_encoder.pt", "tokenizer.json"), List.copyOf(manifest.files().keySet()));
        ModelManifest reordered = parse(m -> {
            JsonObject files = m.getAsJsonObject("files");
            JsonObject reversed = new JsonObject();
            for (String name : List.of("tokenizer.json", "text_encoder.pt", "image_encoder.pt")) {
                reversed.add(name, files.get(name));
            }
            m.add("files", reversed);
        });
        assertEquals(List.of("tokenizer.json", "text_encoder.pt", "image_encoder.pt"), List.copyOf(reordered.files().keySet()));
    }

    @Test
    void theManifestDoesNotChangeUnderItsReader() {
        ModelManifest manifest = ModelManifest.parse(good().toString());
        assertThrows(UnsupportedOperationException.class, () -> manifest.files().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> manifest.image().mean().set(0, 0.0));
        assertFalse(manifest.files().isEmpty());
    }

    private static JsonArray array(double... values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(new JsonPrimitive(v));
        }
        return array;
    }
}
