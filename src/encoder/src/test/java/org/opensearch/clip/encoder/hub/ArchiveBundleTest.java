package org.opensearch.clip.encoder.hub;

import ai.djl.Device;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.model.PixelBatch;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.encoder.runtime.CpuFeatures;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI-layout TorchScript archives (src/tools/make_test_archives.py: the tiny CLIP traced in float32, and the same
 * weights as OpenAI ships them, float16 traced "on CUDA") read as state dicts and built at any precision by the Hub
 * builder: the fp32 bundle embeds the archive's reference images and texts as the float32 archive itself did in
 * PyTorch (cosine at least 0.9999), bf16 and int8 stay close.
 */
class ArchiveBundleTest {
    /** The tiny archives' heads are 16 wide (width 32, 2 heads); OpenAI's are 64. */
    static final int TINY_HEAD_WIDTH = 16;

    @TempDir
    static Path temp;
    static PixelBatch pixels;
    static TokenBatch ids;
    static JsonObject reference;

    @BeforeAll
    static void startRuntimeAndReadTheReference() throws IOException, URISyntaxException {
        DjlRuntime.start(temp.resolve("djl"), 1);
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(resource("parity/archive-pixels.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(data);
        pixels = new PixelBatch(data, 2, 32);
        reference = JsonParser.parseString(Files.readString(resource("parity/archive.json"))).getAsJsonObject();
        float[][] rows = HubFixtures.rows(reference.getAsJsonArray("ids"));
        long[] tokens = new long[rows.length * 77];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 77; c++) {
                tokens[r * 77 + c] = (long) rows[r][c];
            }
        }
        ids = new TokenBatch(tokens, new long[tokens.length], rows.length, 77);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchiveBundleTest.class.getResource("/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = { "tiny-archive", "tiny-archive-fp16" })
    void anArchivesModuleTreeReadsAsTheStateDictOpenAisBuildModelTakes(String bundle) throws Exception {
        try (TorchZipCheckpoint archive = TorchZipCheckpoint.openArchive(resource("models/" + bundle + "/model.pt"))) {
            Map<String, TensorEntry> tensors = archive.tensors();
            TensorType stored = bundle.endsWith("fp16") ? TensorType.F16 : TensorType.F32;
            assertArrayEquals(new long[] { 32, 3, 16, 16 }, tensors.get("visual.conv1.weight").shape());
            assertEquals(stored, tensors.get("visual.conv1.weight").type());
            assertArrayEquals(new long[] { 96, 32 }, tensors.get("visual.transformer.resblocks.1.attn.in_proj_weight").shape());
            assertArrayEquals(new long[] { 32, 128 }, tensors.get("transformer.resblocks.0.mlp.c_proj.weight").shape());
            assertArrayEquals(new long[] { 387, 32 }, tensors.get("token_embedding.weight").shape());
            assertArrayEquals(new long[0], tensors.get("logit_scale").shape());
            assertEquals(8 + 2 * 12 + 5 + 2 * 12 + 1, tensors.size(), "every parameter, nothing else: " + tensors.keySet());
        }
    }

    @Test
    void theStateDictReaderStillRefusesAModuleTreesClasses() {
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> TorchZipCheckpoint.open(resource("models/tiny-archive/model.pt")));
        assertTrue(e.getMessage().contains("it names __torch__.openai_layout.ClipLayout, which a state dict does not need"), e.getMessage());
    }

    @Test
    void theArchitectureComesFromTheWeightsShapes() throws Exception {
        try (TorchZipCheckpoint archive = TorchZipCheckpoint.openArchive(resource("models/tiny-archive/model.pt"))) {
            ClipArchitecture arch = ArchiveArchitecture.of(archive.tensors(), "model.pt", TINY_HEAD_WIDTH);
            assertEquals(new ClipArchitecture(ClipArchitecture.Layout.OPEN_CLIP, new ClipArchitecture.Tower(32, 2, 2, 128, 16, 32, 0, 0),
                new ClipArchitecture.Tower(32, 2, 2, 128, 0, 0, 77, 387), 32, true, 1e-5, -1), arch);

            HubCheckpointException e = assertThrows(HubCheckpointException.class,
                () -> ArchiveArchitecture.of(archive.tensors(), "model.pt", HubBundleBuilder.OPENAI_HEAD_WIDTH));
            assertTrue(e.getMessage().contains("width 32 is not a multiple of the head width 64"), e.getMessage());
        }
    }

    @Test
    void aResNetArchiveIsRefusedByName() throws Exception {
        try (TorchZipCheckpoint archive = TorchZipCheckpoint.openArchive(resource("models/tiny-archive/model.pt"))) {
            Map<String, TensorEntry> tensors = new LinkedHashMap<>(archive.tensors());
            tensors.put("visual.layer1.0.conv1.weight", new TensorEntry("visual.layer1.0.conv1.weight", TensorType.F16,
                new long[] { 64, 64, 1, 1 }, "model/data/99", 0));
            HubCheckpointException e = assertThrows(HubCheckpointException.class,
                () -> ArchiveArchitecture.of(tensors, "RN50.pt", HubBundleBuilder.OPENAI_HEAD_WIDTH));
            assertTrue(e.getMessage().startsWith("RN50.pt: a ResNet image tower"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "tiny-archive", "tiny-archive-fp16" })
    void anFp32BundleOfAnArchiveEmbedsAsTheArchiveItself(String bundle) throws Exception {
        Path bundleDir = temp.resolve("fp32-" + bundle);
        ModelManifest manifest = HubBundleBuilder.buildFromArchive(resource("models/" + bundle), bundleDir, "openai/" + bundle, "1",
            Precision.FP32, TINY_HEAD_WIDTH);
        double[] cosines = cosines(bundleDir);
        System.out.printf("[archive parity] %s fp32: image cosine %.7f, text cosine %.7f%n", bundle, cosines[0], cosines[1]);
        assertTrue(cosines[0] >= HubBundleBuilderTest.PARITY, "image cosine " + cosines[0]);
        assertTrue(cosines[1] >= HubBundleBuilderTest.PARITY, "text cosine " + cosines[1]);
        assertEquals(List.of("image_encoder.pt", "text_encoder.pt", "tokenizer.json"), List.copyOf(manifest.files().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "bf16", "int8" })
    void aLowerPrecisionBundleOfAnArchiveStaysCloseAndSaysItsPrecision(String option) throws Exception {
        for (String bundle : List.of("tiny-archive", "tiny-archive-fp16")) {
            Path bundleDir = temp.resolve(option + "-" + bundle);
            if (Precision.parse(option) == Precision.INT8 && CpuFeatures.lacksInt8DotProduct()) {
                HubCheckpointException refused = assertThrows(HubCheckpointException.class, () -> HubBundleBuilder.buildFromArchive(
                    resource("models/" + bundle), bundleDir, "openai/" + bundle, "1", Precision.INT8, TINY_HEAD_WIDTH));
                assertEquals(HubBundleBuilder.INT8_NEEDS_VNNI, refused.getMessage());
                continue;
            }
            HubBundleBuilder.buildFromArchive(resource("models/" + bundle), bundleDir, "openai/" + bundle, "1", Precision.parse(option),
                TINY_HEAD_WIDTH);
            assertTrue(Files.readString(bundleDir.resolve("clip-model.json")).contains("\"precision\": \"" + option + "\""));
            double[] cosines = cosines(bundleDir);
            System.out.printf("[archive parity] %s %s: image cosine %.7f, text cosine %.7f%n", bundle, option, cosines[0], cosines[1]);
            for (double cosine : cosines) {
                assertTrue(cosine >= HubBundleBuilderTest.LOW_PRECISION_PARITY && cosine < 1 - 1e-9, option + " cosine " + cosine);
            }
        }
    }

    @Test
    void anInt8BundleBuiltElsewhereIsRefusedAtLoadOnACpuWithoutInt8DotProducts() throws Exception {
        Path bundleDir = temp.resolve("labelled-int8");
        HubBundleBuilder.buildFromArchive(resource("models/tiny-archive"), bundleDir, "openai/tiny", "1", Precision.BF16, TINY_HEAD_WIDTH);
        Path manifest = bundleDir.resolve("clip-model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"precision\": \"bf16\"", "\"precision\": \"int8\""));
        ModelBundle bundle = ModelBundle.open(bundleDir, temp.resolve("extract-labelled"));
        if (CpuFeatures.lacksInt8DotProduct()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClipModel.load(bundle, Device.cpu()));
            assertEquals("[openai/tiny]: " + CpuFeatures.INT8_NEEDS_VNNI, refused.getMessage());
        } else {
            try (ClipModel model = ClipModel.load(bundle, Device.cpu())) {
                assertEquals(Device.cpu(), model.device(), "where the CPU has int8 dot products the bundle loads");
            }
        }
    }

    @Test
    void theBundleKeepsTheArchiveBundlesPreprocessingTokenizerAndTemperature() throws Exception {
        Path source = resource("models/tiny-archive");
        ModelManifest archive = ModelManifest.parse(Files.readString(source.resolve("clip-model.json")));
        ModelManifest m = HubBundleBuilder.buildFromArchive(source, temp.resolve("manifest"), "acme/clip", "7", Precision.BF16,
            TINY_HEAD_WIDTH);
        assertEquals("acme/clip", m.name());
        assertEquals("7", m.version());
        assertEquals(archive.embeddingDim(), m.embeddingDim());
        assertEquals(archive.image(), m.image());
        assertEquals(archive.text(), m.text());
        assertEquals(archive.logitScale(), m.logitScale(), 1e-3);
        assertEquals(Files.readString(source.resolve("tokenizer.json")), Files.readString(temp.resolve("manifest").resolve("tokenizer.json")));
    }

    @Test
    void aManifestThatDisagreesWithTheArchivesWeightsIsRefused() throws Exception {
        Path bundle = Files.createDirectories(temp.resolve("wrong-manifest"));
        Path source = resource("models/tiny-archive");
        Files.copy(source.resolve("model.pt"), bundle.resolve("model.pt"));
        Files.copy(source.resolve("tokenizer.json"), bundle.resolve("tokenizer.json"));
        Files.writeString(bundle.resolve("clip-model.json"), Files.readString(source.resolve("clip-model.json"))
            .replace("\"embedding_dim\": 32", "\"embedding_dim\": 64"));
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> HubBundleBuilder.buildFromArchive(bundle, temp.resolve("wrong"), "acme/clip", "1", Precision.FP32, TINY_HEAD_WIDTH));
        assertTrue(e.getMessage().startsWith("model.pt: its weights make a 32 px, 77-token, 32-dimension model but its manifest says"),
            e.getMessage());
    }

    @Test
    void aTwoFileBundleIsNotAnArchive() {
        HubCheckpointException e = assertThrows(HubCheckpointException.class, () -> HubBundleBuilder.buildFromArchive(
            resource("models/tiny-clip"), temp.resolve("two-file"), "acme/clip", "1", Precision.FP32, TINY_HEAD_WIDTH));
        assertTrue(e.getMessage().contains("is not an archive bundle"), e.getMessage());
    }

    /** The smallest image and text cosines of a bundle's embeddings against the float32 archive's. */
    private static double[] cosines(Path bundleDir) throws Exception {
        try (ClipModel model = ClipModel.load(ModelBundle.open(bundleDir, temp.resolve("extract")), Device.cpu())) {
            return new double[] {
                HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("image_embeddings")), model.encodeImages(pixels)),
                HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("text_embeddings")), model.encodeTexts(ids)) };
        }
    }
}
