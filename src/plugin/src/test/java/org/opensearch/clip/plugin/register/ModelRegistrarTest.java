package org.opensearch.clip.plugin.register;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.outbound.OutboundClient;
import org.opensearch.common.unit.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registration end to end without a node: a local HTTP server serves the tiny OpenAI-layout float16 archive and a
 * synthetic BPE vocabulary (or a bundle zip); the registrar downloads, verifies, builds, stores and loads, and a
 * wrong checksum ends in a failed model that says why.
 */
class ModelRegistrarTest {
    /** The tiny archives' manifest values, as a catalog entry gives them. */
    static final String TINY_VALUES = """
        {"version": "1", "embedding_dim": 32,
         "image": {"size": 32, "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711]},
         "text": {"context_length": 77, "pad_id": 0}}""";

    @TempDir
    Path work;
    private final LocalFileServer server = new LocalFileServer();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<ModelRegistry> registries = new java.util.ArrayList<>();
    private String baseUrl = "";
    private byte[] archive;
    private byte[] vocabulary;

    @BeforeEach
    void serve() throws IOException, URISyntaxException {
        archive = Files.readAllBytes(resource("models/tiny-archive-fp16/model.pt"));
        vocabulary = Files.readAllBytes(resource("models/synthetic-bpe-vocab.txt.gz"));
        server.serve("/tiny/model.pt", archive);
        server.serve("/vocab/synthetic.txt.gz", vocabulary);
    }

    @AfterEach
    void stop() {
        server.close();
        registries.forEach(ModelRegistry::close);
        executor.shutdownNow();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ModelRegistrarTest.class.getResource("/" + name).toURI());
    }

    private void operatorCatalog(String name, String archiveSha256) throws IOException {
        Files.writeString(work.resolve("catalog.json"), """
            {"format_version": 1, "models": {"%s": {
              "archive": {"url": "%s", "sha256": "%s"},
              "vocabulary": {"url": "%s", "sha256": "%s"},
              "manifest": %s}}}
            """.formatted(name, server.url("/tiny/model.pt"), archiveSha256, server.url("/vocab/synthetic.txt.gz"),
            LocalFileServer.sha256(vocabulary), TINY_VALUES));
    }

    /** A node's registry (no configured models, the bundles registered earlier). */
    private ModelRegistry registry() {
        return ModelRegistry.discover(work.resolve("config-models"), work.resolve("data/registered"), "");
    }

    /** Loads a node's registry and gives it a registrar. */
    private ModelRegistrar node(ModelRegistry registry) {
        registry.loadAll(executor, Path.of(System.getProperty("java.io.tmpdir"), "djl"), work.resolve("data/bundles"),
            DeviceList.parse("cpu"), 1);
        registries.add(registry);
        DownloadLimits limits = new DownloadLimits(1 << 24, TimeValue.timeValueSeconds(5), TimeValue.timeValueSeconds(10),
            TimeValue.timeValueSeconds(30));
        OutboundClient client = OutboundClient.forNode(() -> ModelDownloaderTest.LOCAL_SERVERS);
        return new ModelRegistrar(registry, new ModelDownloader(client, () -> limits), work.resolve("catalog.json"), () -> baseUrl,
            work.resolve("data/registered"), work.resolve("data/downloads"), executor);
    }

    /** Waits until the model has left downloading and loading (at most 60 s); its status then. */
    static ModelStatus settled(ModelRegistry registry, String name) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            ModelStatus status = registry.status(name);
            if (status.state() != ModelState.DOWNLOADING && status.state() != ModelState.LOADING) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("model " + name + " did not settle: " + registry.status(name));
    }

    private static float[] embedCat(ClipEncoder encoder) throws IOException, ImageDecodeException {
        try (InputStream cat = ModelRegistrarTest.class.getResourceAsStream("/sample-images/cat.jpg")) {
            return encoder.encodeImages(List.of(encoder.preprocess(cat.readAllBytes(), ImageLimits.DEFAULT)), 1)[0];
        }
    }

    @Test
    void registersACatalogModelAndFindsItAgainAfterARestart() throws Exception {
        operatorCatalog("test/tiny-fp16", LocalFileServer.sha256(archive));
        ModelRegistry registry = registry();
        ModelRegistrar registrar = node(registry);
        ModelStatus started = registrar.register(new ModelSource("test/tiny-fp16", null, null));
        assertEquals("test/tiny-fp16", started.name());
        assertEquals(32, started.dimension());

        ModelStatus done = settled(registry, "test/tiny-fp16");
        assertEquals(ModelState.LOADED, done.state(), String.valueOf(done.error()));
        Path bundle = work.resolve("data/registered/test%2Ftiny-fp16");
        assertEquals(bundle.toString(), done.source());
        try (Stream<Path> files = Files.list(bundle)) {
            assertEquals(List.of("clip-model.json", "model.pt", "tokenizer.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> leftovers = Files.list(work.resolve("data/downloads"))) {
            assertEquals(0, leftovers.count(), "downloads are cleaned up");
        }
        float[] vector = embedCat(registry.encoder("test/tiny-fp16"));

        assertEquals(ModelState.LOADED, registrar.register(new ModelSource("test/tiny-fp16", null, null)).state(), "already there");
        assertEquals(1, server.requests("/tiny/model.pt"), "registering a loaded model again downloads nothing");

        ModelRegistry restarted = registry();
        node(restarted);
        assertEquals(ModelState.LOADED, settled(restarted, "test/tiny-fp16").state());
        assertEquals(java.util.Arrays.toString(vector), java.util.Arrays.toString(embedCat(restarted.encoder("test/tiny-fp16"))));
    }

    @Test
    void aWrongChecksumFailsTheModelWithTheReasonAndARetryCanSucceed() throws Exception {
        String wrong = "1".repeat(64);
        operatorCatalog("test/tiny-fp16", wrong);
        ModelRegistry registry = registry();
        ModelRegistrar registrar = node(registry);
        registrar.register(new ModelSource("test/tiny-fp16", null, null));
        ModelStatus failed = settled(registry, "test/tiny-fp16");
        assertEquals(ModelState.FAILED, failed.state());
        assertEquals("registration failed: download of " + server.url("/tiny/model.pt") + " failed (see the node log)", failed.error(),
            "nothing about what came back: no checksum, no size");
        assertTrue(Files.notExists(work.resolve("data/registered/test%2Ftiny-fp16")));

        operatorCatalog("test/tiny-fp16", LocalFileServer.sha256(archive));
        registrar.register(new ModelSource("test/tiny-fp16", null, null));
        assertEquals(ModelState.LOADED, settled(registry, "test/tiny-fp16").state());
    }

    @Test
    void aMirrorServesTheShippedCatalogAndItsChecksumsStillHold() throws Exception {
        // the stand-in is served where the mirror would have OpenAI's ViT-B/32: the catalog's sha256 refuses it
        server.serve("/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt", archive);
        baseUrl = server.url("/mirror");
        ModelRegistry registry = registry();
        node(registry).register(new ModelSource("openai/ViT-B-32", null, null));
        ModelStatus failed = settled(registry, "openai/ViT-B-32");
        assertEquals(ModelState.FAILED, failed.state());
        assertEquals("registration failed: download of " + server.url("/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526"
            + "f58eba950af/ViT-B-32.pt") + " failed (see the node log)", failed.error());
        assertEquals(1, server.requests("/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt"));
    }

    @Test
    void registersABundleZipByUrl() throws Exception {
        byte[] zip = zip(resource("models/tiny-clip"));
        String url = server.serve("/bundles/tiny-clip.zip", zip);
        ModelRegistry registry = registry();
        ModelRegistrar registrar = node(registry);
        registrar.register(new ModelSource("tiny-clip-test", url, LocalFileServer.sha256(zip)));
        ModelStatus done = settled(registry, "tiny-clip-test");
        assertEquals(ModelState.LOADED, done.state(), String.valueOf(done.error()));
        assertEquals(32, done.dimension());
        assertEquals(32, registry.encoder("tiny-clip-test").encodeTexts(List.of("a photo of a cat"), 1)[0].length);

        registrar.register(new ModelSource("another-name", url, LocalFileServer.sha256(zip)));
        ModelStatus misnamed = settled(registry, "another-name");
        assertEquals(ModelState.FAILED, misnamed.state());
        assertEquals("registration failed: the bundle at " + url + " is model [tiny-clip-test], not [another-name]: register it under its "
            + "own name", misnamed.error());
    }

    @Test
    void anUnknownCatalogNameIsRefusedAtOnce() {
        ModelRegistrar registrar = node(registry());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> registrar.register(new ModelSource("openai/ViT-B-99", null, null)));
        assertTrue(e.getMessage().startsWith("[openai/ViT-B-99] is not in the model catalog; known models: [openai/RN50"), e.getMessage());
    }

    private static byte[] zip(Path directory) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry("tiny-clip/" + file.getFileName()));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
