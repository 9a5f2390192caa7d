package org.opensearch.clip.plugin.register;

import ai.djl.Device;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.Version;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.outbound.Credential;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A catalog archive registered at a precision, without a node: the request's precision travels in the source (system
 * index map, wire format gated by version), the tiny OpenAI-layout float16 archive is downloaded and verified as
 * always, its archive bundle rebuilt at bf16 into the registered bundle, which embeds like the archive as it is; an
 * archive that cannot be rebuilt fails the registration naming the model and why.
 */
class ArchivePrecisionRegistrationTest {
    @TempDir
    Path work;
    private final LocalFileServer server = new LocalFileServer();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private ModelRegistry registry;

    @BeforeEach
    void serveTheTinyArchive() throws IOException, URISyntaxException {
        byte[] archive = Files.readAllBytes(resource("models/tiny-archive-fp16/model.pt"));
        byte[] vocabulary = Files.readAllBytes(resource("models/synthetic-bpe-vocab.txt.gz"));
        server.serve("/tiny/model.pt", archive);
        server.serve("/vocab/synthetic.txt.gz", vocabulary);
        String entry = """
            {"archive": {"url": "%s", "sha256": "%s"}, "vocabulary": {"url": "%s", "sha256": "%s"}, %%s "manifest": %s}"""
            .formatted(server.url("/tiny/model.pt"), LocalFileServer.sha256(archive), server.url("/vocab/synthetic.txt.gz"),
                LocalFileServer.sha256(vocabulary), ModelRegistrarTest.TINY_VALUES);
        // the tiny archive's heads are 16 wide; an entry without head_width takes OpenAI's 64
        Files.writeString(work.resolve("catalog.json"), """
            {"format_version": 1, "models": {"test/tiny": %s, "test/tiny-bf16": %s, "test/tiny-wide-heads": %s}}
            """.formatted(entry.formatted("\"head_width\": 16,"), entry.formatted("\"head_width\": 16,"), entry.formatted("")));
    }

    @AfterEach
    void stop() {
        server.close();
        if (registry != null) {
            registry.close();
        }
        executor.shutdownNow();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchivePrecisionRegistrationTest.class.getResource("/" + name).toURI());
    }

    private ModelRegistrar node() {
        registry = ModelRegistry.discover(work.resolve("config-models"), work.resolve("data/registered"), "");
        Path djl = Path.of(System.getProperty("java.io.tmpdir"), "djl");
        registry.loadAll(executor, djl, work.resolve("data/bundles"), DeviceList.parse("cpu"), 1);
        ModelDownloader downloader = ModelDownloaderTest.toLocalServers();
        HubBundles hub = new HubBundles(downloader, server::baseUrl, () -> (Credential) null, List::of, HubBundles.encoderBuilder(djl, 1));
        return new ModelRegistrar(registry, downloader, work.resolve("catalog.json"), () -> "", work.resolve("data/registered"),
            work.resolve("data/downloads"), executor, hub);
    }

    private static ModelSource catalog(String name, Precision precision) {
        return new ModelSource(name, null, null, null, precision);
    }

    private static ModelSource overTheWire(ModelSource source, Version version) throws IOException {
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            out.setVersion(version);
            source.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                in.setVersion(version);
                return ModelSource.readFrom(in);
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(a, b);
    }

    private static float[] embedCat(ClipEncoder encoder) throws Exception {
        try (InputStream cat = ArchivePrecisionRegistrationTest.class.getResourceAsStream("/sample-images/cat.jpg")) {
            return encoder.encodeImages(List.of(encoder.preprocess(cat.readAllBytes(),
                org.opensearch.clip.encoder.decode.ImageLimits.DEFAULT)), 1)[0];
        }
    }

    /**
     * A four-word text of the tiny archive's own 387-token vocabulary, encoded by the bundle in {@code dir} (a CLIP BPE
     * tokenizer's start token, 49406, is outside that vocabulary: the tiny archives embed texts only as token ids).
     */
    private float[] embedTinyText(Path dir) {
        long[] ids = new long[77];
        long[] words = { 385, 44, 313, 45, 76, 386 };
        System.arraycopy(words, 0, ids, 0, words.length);
        try (ClipModel model = ClipModel.load(ModelBundle.open(dir, work.resolve("extract")), Device.cpu())) {
            return model.encodeTexts(new TokenBatch(ids, new long[ids.length], 1, ids.length))[0];
        }
    }

    @Test
    void aCatalogRequestsPrecisionIsTheArchivesAndIsKeptInTheSystemIndexRecord() {
        ModelSource source = ModelSource.fromMap(Map.of("name", "openai/ViT-B-32", "precision", "bf16"));
        assertEquals(Precision.BF16, source.archivePrecision());
        assertTrue(source.fromCatalog());
        assertEquals(Map.of("name", "openai/ViT-B-32", "precision", "bf16"), source.toMap());
        assertEquals(source, ModelSource.fromMap(source.toMap()));
        assertNull(ModelSource.fromMap(Map.of("name", "openai/ViT-B-32")).archivePrecision(), "absent: the archive as it is");
        assertEquals(Map.of("name", "openai/ViT-B-32"), new ModelSource("openai/ViT-B-32", null, null).toMap());
    }

    @Test
    void aHubSourcesPrecisionStaysItsSourcesAndABundleZipTakesNone() {
        ModelSource hub = ModelSource.fromMap(Map.of("name", "x", "source", "local", "path", "/snapshots/x", "precision", "int8"));
        assertNull(hub.archivePrecision());
        assertEquals(Precision.INT8, hub.hub().precision());
        IllegalArgumentException zip = assertThrows(IllegalArgumentException.class, () -> ModelSource.fromMap(Map.of("name", "x",
            "url", "https://models.example/x.zip", "sha256", "0".repeat(64), "precision", "bf16")));
        assertTrue(zip.getMessage().startsWith("[precision] is for catalog models and Hugging Face checkpoints"), zip.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ModelSource.fromMap(Map.of("name",
            "openai/ViT-B-32", "precision", "fp16")));
        assertEquals("precision [fp16] must be one of fp32, bf16, int8", bad.getMessage());
    }

    @Test
    void thePrecisionTravelsBetweenNodesOfThisWireFormatAndOlderNodesNeitherSendNorReadIt() throws IOException {
        ModelSource source = catalog("openai/ViT-B-32", Precision.INT8);
        assertEquals(source, overTheWire(source, Version.CURRENT));
        assertEquals(catalog("openai/ViT-B-32", null), overTheWire(catalog("openai/ViT-B-32", null), Version.CURRENT));
        assertTrue(Version.V_3_5_0.before(ModelSource.ARCHIVE_PRECISION_WIRE));
        assertEquals(new ModelSource("openai/ViT-B-32", null, null), overTheWire(source, Version.V_3_5_0));
        ModelSource hub = new ModelSource("x", null, null, new HubSource(HubSource.Kind.LOCAL, null, null, Precision.BF16, Map.of(),
            "/snapshots/x"));
        assertEquals(hub, overTheWire(hub, Version.CURRENT), "a Hub source reads back after the new field");
    }

    @Test
    void aCatalogArchiveRegisteredAtBf16EmbedsLikeTheArchiveAsItIsAndSaysItsPrecision() throws Exception {
        ModelRegistrar registrar = node();
        ModelStatus started = registrar.register(catalog("test/tiny-bf16", Precision.BF16));
        assertEquals("1-bf16", started.version(), "the version says the precision from the start, as a Hub model's does");
        registrar.register(catalog("test/tiny", null));
        ModelStatus rebuilt = ModelRegistrarTest.settled(registry, "test/tiny-bf16");
        ModelStatus asItIs = ModelRegistrarTest.settled(registry, "test/tiny");
        assertEquals(ModelState.LOADED, rebuilt.state(), String.valueOf(rebuilt.error()));
        assertEquals(ModelState.LOADED, asItIs.state(), String.valueOf(asItIs.error()));
        assertEquals("1-bf16", rebuilt.version());
        assertEquals("1", asItIs.version());

        Path bundle = work.resolve("data/registered/test%2Ftiny-bf16");
        try (Stream<Path> files = Files.list(bundle)) {
            assertEquals(List.of("clip-model.json", "image_encoder.pt", "text_encoder.pt", "tokenizer.json"),
                files.map(p -> p.getFileName().toString()).sorted().toList(), "a two-file bundle, no archive");
        }
        assertTrue(Files.readString(bundle.resolve("clip-model.json")).contains("\"precision\": \"bf16\""));
        try (Stream<Path> leftovers = Files.list(work.resolve("data/downloads"))) {
            assertEquals(0, leftovers.count(), "the archive bundle in the making is cleaned up");
        }

        double image = cosine(embedCat(registry.encoder("test/tiny-bf16")), embedCat(registry.encoder("test/tiny")));
        double text = cosine(embedTinyText(bundle), embedTinyText(work.resolve("data/registered/test%2Ftiny")));
        System.out.printf("[archive precision] registered bf16 vs as is: image cosine %.7f, text cosine %.7f%n", image, text);
        assertTrue(image >= 0.999, "image cosine " + image);
        assertTrue(text >= 0.999, "text cosine " + text);
    }

    @Test
    void anArchiveThatCannotBeRebuiltFailsTheRegistrationNamingTheModelAndWhy() throws Exception {
        ModelRegistrar registrar = node();
        registrar.register(catalog("test/tiny-wide-heads", Precision.INT8));
        ModelStatus failed = ModelRegistrarTest.settled(registry, "test/tiny-wide-heads");
        assertEquals(ModelState.FAILED, failed.state());
        assertEquals("test/tiny-wide-heads", failed.name(), "a failed registration keeps its name");
        assertTrue(failed.error().startsWith("registration failed: [test/tiny-wide-heads] cannot be built at precision int8 (which needs a "
            + "ViT archive in OpenAI's layout): "), failed.error());
        assertTrue(failed.error().contains("is not a multiple of the head width 64"), failed.error());
        assertTrue(Files.notExists(work.resolve("data/registered/test%2Ftiny-wide-heads")), "nothing is left registered");
    }
}
