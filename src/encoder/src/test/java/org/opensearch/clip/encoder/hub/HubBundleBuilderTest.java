package org.opensearch.clip.encoder.hub;

import ai.djl.Device;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.runtime.CpuFeatures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hub snapshots become bundles whose embeddings are the checkpoint's own: for both layouts (transformers, OpenCLIP),
 * both file formats (safetensors, PyTorch zip), QuickGELU and GELU, argmax and eos_token_id pooling, and float16
 * weights in the file, the bundle built in Java embeds the fixtures' images and texts as the Python reference modules
 * did (cosine at least 0.9999).
 */
class HubBundleBuilderTest {
    static final double PARITY = 0.9999;
    /** bf16 and int8 on the tiny random models (the ViT-B/32-sized figures are in docs/bring-your-own-clip.md). */
    static final double LOW_PRECISION_PARITY = 0.999;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startRuntime() {
        DjlRuntime.start(temp.resolve("djl"), 1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "hf-safetensors-quickgelu", "hf-bin-gelu-eos", "openclip-safetensors-fp16-quickgelu", "openclip-bin-gelu" })
    void aBuiltBundleEmbedsAsTheCheckpointsOwnForwardPass(String snapshot) throws Exception {
        Path bundleDir = temp.resolve("fp32-" + snapshot);
        ModelManifest manifest = HubBundleBuilder.build(HubFixtures.snapshot(snapshot), bundleDir, "hub/" + snapshot, "r1", Precision.FP32);

        JsonObject reference = HubFixtures.reference(HubFixtures.snapshot(snapshot));
        ModelBundle bundle = ModelBundle.open(bundleDir, temp.resolve("extract"));
        assertEquals("hub/" + snapshot, bundle.manifest().name());
        assertEquals(manifest, bundle.manifest());
        try (ClipModel model = ClipModel.load(bundle, Device.cpu())) {
            double image = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("image_embeddings")),
                model.encodeImages(HubFixtures.pixels(HubFixtures.root())));
            double text = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("text_embeddings")),
                model.encodeTexts(HubFixtures.ids(HubFixtures.root())));
            System.out.printf("[hub parity] %s fp32: image cosine %.7f, text cosine %.7f%n", snapshot, image, text);
            assertTrue(image >= PARITY, "image cosine " + image);
            assertTrue(text >= PARITY, "text cosine " + text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "bf16", "int8" })
    void aLowerPrecisionBundleStaysCloseToTheCheckpointAndSaysItsPrecision(String option) throws Exception {
        Precision precision = Precision.parse(option);
        for (String snapshot : List.of("hf-safetensors-quickgelu", "openclip-bin-gelu")) {
            Path bundleDir = temp.resolve(option + "-" + snapshot);
            if (precision == Precision.INT8 && CpuFeatures.lacksInt8DotProduct()) {
                HubCheckpointException refused = assertThrows(HubCheckpointException.class,
                    () -> HubBundleBuilder.build(HubFixtures.snapshot(snapshot), bundleDir, "hub/" + snapshot, "r1", precision));
                assertEquals(HubBundleBuilder.INT8_NEEDS_VNNI, refused.getMessage());
                continue;
            }
            HubBundleBuilder.build(HubFixtures.snapshot(snapshot), bundleDir, "hub/" + snapshot, "r1", precision);
            assertTrue(Files.readString(bundleDir.resolve("clip-model.json")).contains("\"precision\": \"" + option + "\""));
            JsonObject reference = HubFixtures.reference(HubFixtures.snapshot(snapshot));
            try (ClipModel model = ClipModel.load(ModelBundle.open(bundleDir, temp.resolve("extract")), Device.cpu())) {
                double image = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("image_embeddings")),
                    model.encodeImages(HubFixtures.pixels(HubFixtures.root())));
                double text = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("text_embeddings")),
                    model.encodeTexts(HubFixtures.ids(HubFixtures.root())));
                System.out.printf("[hub parity] %s %s: image cosine %.7f, text cosine %.7f%n", snapshot, option, image, text);
                assertTrue(image >= LOW_PRECISION_PARITY && image < 1 - 1e-9, "image cosine " + image);
                assertTrue(text >= LOW_PRECISION_PARITY && text < 1 - 1e-9, "text cosine " + text);
            }
        }
    }

    @Test
    void theManifestCarriesTheCheckpointsPreprocessingDimensionAndTemperature() throws Exception {
        ModelManifest m = HubBundleBuilder.build(HubFixtures.snapshot("hf-safetensors-quickgelu"), temp.resolve("manifest"), "acme/clip",
            "7", Precision.FP32);
        assertEquals("acme/clip", m.name());
        assertEquals("7", m.version());
        assertEquals(8, m.embeddingDim());
        assertEquals(32, m.image().size());
        assertEquals(32, m.image().resize());
        assertEquals("bicubic", m.image().interpolation());
        assertEquals(List.of(0.48145466, 0.4578275, 0.40821073), m.image().mean());
        assertEquals(77, m.text().contextLength());
        assertEquals(1 / 0.07, m.logitScale(), 1e-3);
        assertEquals(List.of("image_encoder.pt", "text_encoder.pt", "tokenizer.json"), List.copyOf(m.files().keySet()));
        assertEquals(Files.readString(HubFixtures.snapshot("hf-safetensors-quickgelu").resolve("tokenizer.json")),
            Files.readString(temp.resolve("manifest").resolve("tokenizer.json")));
    }

    @Test
    void aCacheSnapshotsLinksIntoItsBlobsAreFollowedButALinkOutsideIsRefused() throws Exception {
        Path repo = temp.resolve("models--acme--clip");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve("0123abcd"));
        Path source = HubFixtures.snapshot("openclip-bin-gelu");
        for (String file : List.of("open_clip_config.json", "open_clip_pytorch_model.bin", "tokenizer.json")) {
            Path blob = Files.copy(source.resolve(file), blobs.resolve("blob-" + file));
            Files.createSymbolicLink(snapshot.resolve(file), Path.of("..", "..", "blobs", blob.getFileName().toString()));
        }
        ModelManifest m = HubBundleBuilder.build(snapshot, temp.resolve("from-cache"), "acme/clip", "1", Precision.FP32);
        assertEquals(8, m.embeddingDim());

        Path outside = Files.writeString(temp.resolve("secret.json"), "{}");
        Files.delete(snapshot.resolve("tokenizer.json"));
        Files.createSymbolicLink(snapshot.resolve("tokenizer.json"), outside);
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> HubBundleBuilder.build(snapshot, temp.resolve("escaped"), "acme/clip", "1", Precision.FP32));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void aSnapshotWithoutWeightsNamesWhatIsMissing() throws IOException {
        Path snapshot = Files.createDirectories(temp.resolve("no-weights"));
        Files.copy(HubFixtures.snapshot("hf-bin-gelu-eos").resolve("config.json"), snapshot.resolve("config.json"));
        Files.copy(HubFixtures.snapshot("hf-bin-gelu-eos").resolve("tokenizer.json"), snapshot.resolve("tokenizer.json"));
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> HubBundleBuilder.build(snapshot, temp.resolve("none"), "acme/clip", "1", Precision.FP32));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void aConfigurationThatDisagreesWithTheWeightsNamesTheTensor() throws IOException {
        Path snapshot = Files.createDirectories(temp.resolve("wrong-config"));
        Path source = HubFixtures.snapshot("hf-safetensors-quickgelu");
        for (String file : List.of("model.safetensors", "tokenizer.json", "preprocessor_config.json")) {
            Files.copy(source.resolve(file), snapshot.resolve(file));
        }
        Files.writeString(snapshot.resolve("config.json"), Files.readString(source.resolve("config.json"))
            .replace("\"intermediate_size\": 64", "\"intermediate_size\": 48"));
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> HubBundleBuilder.build(snapshot, temp.resolve("wrong"), "acme/clip", "1", Precision.FP32));
        assertTrue(e.getMessage().startsWith("model.safetensors: tensor [vision_model.encoder.layers.0.mlp.fc1.weight] has shape [64, 16]"),
            e.getMessage());
    }
}
