package org.opensearch.clip.encoder.bundle;

import ai.djl.Device;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.catalog.ModelCatalog;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bundle built from an OpenAI-layout archive, a BPE vocabulary and manifest values opens, verifies and encodes.
 * The vocabulary is a synthetic one in CLIP's format (src/tools/make_test_archives.py), so this needs no
 * ../shared; the real vocabulary's tokenisation is ClipBpeVocabularyTest's part.
 */
class ArchiveBundleBuilderTest {
    @TempDir
    Path work;

    @BeforeAll
    static void startDjl() {
        DjlRuntime.start(Path.of(System.getProperty("java.io.tmpdir"), "djl"), 1);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchiveBundleBuilderTest.class.getResource("/" + name).toURI());
    }

    /** Manifest values of the tiny test archives. */
    static JsonObject tinyValues() {
        return JsonParser.parseString("""
            {"version": "7", "embedding_dim": 32,
             "image": {"size": 32, "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711]},
             "text": {"context_length": 77, "pad_id": 0}, "logit_scale": 100.0}
            """).getAsJsonObject();
    }

    @Test
    void buildsABundleThatOpensAndEncodesImages() throws IOException, URISyntaxException, ImageDecodeException {
        Path out = work.resolve("bundle");
        ModelManifest manifest = ArchiveBundleBuilder.build("acme/tiny", tinyValues(), resource("models/tiny-archive-fp16/model.pt"),
            resource("models/synthetic-bpe-vocab.txt.gz"), out);
        assertEquals("acme/tiny", manifest.name());
        assertEquals("7", manifest.version());
        assertEquals("model.pt", manifest.archive());
        assertEquals(List.of("model.pt", "tokenizer.json"), manifest.files().keySet().stream().sorted().toList());

        ModelBundle bundle = ModelBundle.open(out, work.resolve("extract"));
        try (ClipEncoder encoder = ClipEncoder.load(bundle, Device.cpu());
             InputStream cat = getClass().getResourceAsStream("/images/cat.jpg")) {
            float[][] vectors = encoder.encodeImages(List.of(encoder.preprocess(cat.readAllBytes(), ImageLimits.DEFAULT)), 1);
            assertEquals(32, vectors[0].length);
            double norm = 0;
            for (float v : vectors[0]) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-4);
            assertTrue(encoder.modelDescription().contains("storages widened from float16 to float32"), encoder.modelDescription());
        }
    }

    @Test
    void theCatalogsValuesMakeValidManifests() {
        for (String name : ModelCatalog.builtIn().names()) {
            ModelManifest manifest = ArchiveBundleBuilder.validate(name, ModelCatalog.builtIn().entry(name).manifest());
            assertEquals(name, manifest.name());
            assertTrue(manifest.isArchive());
        }
    }

    @Test
    void badValuesAreRefusedBeforeAnythingIsWritten() throws URISyntaxException {
        JsonObject values = tinyValues();
        values.getAsJsonObject("image").addProperty("interpolation", "lanczos");
        Path out = work.resolve("never");
        BundleException e = assertThrows(BundleException.class, () -> ArchiveBundleBuilder.build("acme/tiny", values,
            resource("models/tiny-archive-fp16/model.pt"), resource("models/synthetic-bpe-vocab.txt.gz"), out));
        assertEquals("clip-model.json: image.interpolation [lanczos] must be bicubic or bilinear", e.getMessage());
        assertTrue(Files.notExists(out));
    }
}
