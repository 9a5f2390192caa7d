package org.opensearch.clip.plugin.register;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.outbound.Credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registering Hugging Face checkpoints without a node: a local server answers the Hub's
 * {@code <repo>/resolve/<revision>/<file>} URLs with the encoder's tiny transformers-layout checkpoint (its tokenizer
 * through a redirect to another origin, as the Hub sends large files to its storage hosts); files are verified
 * against the request's sha256, the bundle is built and loaded; the token goes to the endpoint's origin only; a local
 * snapshot is read only under an allowed directory.
 */
class HubRegistrationTest {
    static final Path CHECKPOINT = Path.of("../encoder/src/test/resources/hub/hf-safetensors-quickgelu").toAbsolutePath().normalize();
    static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    static final List<String> FILES = List.of("config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json");

    @TempDir
    Path work;
    private final LocalFileServer server = new LocalFileServer();
    /** Another origin (127.0.0.1, another port) standing for the Hub's storage hosts. */
    private final LocalFileServer storage = new LocalFileServer();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private ModelRegistry registry;

    @AfterEach
    void stop() {
        server.close();
        storage.close();
        if (registry != null) {
            registry.close();
        }
        executor.shutdownNow();
    }

    /** Serves the checkpoint as the Hub would, the tokenizer through a redirect to another origin; returns the files' sha256. */
    private Map<String, String> serveRepository(String repo) throws IOException {
        Map<String, String> sha256 = new TreeMap<>();
        for (String file : FILES) {
            byte[] bytes = Files.readAllBytes(CHECKPOINT.resolve(file));
            sha256.put(file, LocalFileServer.sha256(bytes));
            String path = "/" + repo + "/resolve/" + REVISION + "/" + file;
            if (file.equals("tokenizer.json")) {
                server.redirect(path, storage.serve("/storage/" + file, bytes));
            } else {
                server.serve(path, bytes);
            }
        }
        return sha256;
    }

    private ModelRegistrar node(List<Path> allowedLocal) {
        registry = ModelRegistry.discover(work.resolve("config-models"), work.resolve("data/registered"), "");
        Path djl = Path.of(System.getProperty("java.io.tmpdir"), "djl");
        registry.loadAll(executor, djl, work.resolve("data/bundles"), DeviceList.parse("cpu"), 1);
        ModelDownloader downloader = ModelDownloaderTest.toLocalServers();
        HubBundles hub = new HubBundles(downloader, server::baseUrl, () -> Credential.bearer(server.baseUrl(), "hf_test_token"),
            () -> allowedLocal, HubBundles.encoderBuilder(djl, 1));
        return new ModelRegistrar(registry, downloader, work.resolve("catalog.json"), () -> "", work.resolve("data/registered"),
            work.resolve("data/downloads"), executor, hub);
    }

    private static ModelSource hub(String name, String repo, Map<String, String> files, Precision precision) {
        return new ModelSource(name, null, null, new HubSource(HubSource.Kind.HUGGINGFACE, repo, REVISION, precision, files, null));
    }

    private ModelStatus settled(String name) throws InterruptedException {
        return ModelRegistrarTest.settled(registry, name);
    }

    @Test
    void aHubRepositoryIsFetchedVerifiedBuiltAndLoaded() throws Exception {
        Map<String, String> files = serveRepository("test/tiny-clip");
        ModelRegistrar registrar = node(List.of());
        registrar.register(registrar.pinned(hub("test/tiny-clip", "test/tiny-clip", files, Precision.FP32)));

        ModelStatus status = settled("test/tiny-clip");
        assertEquals(ModelState.LOADED, status.state(), String.valueOf(status.error()));
        assertEquals("0123456789ab-fp32", status.version());
        float[] vector = registry.encoder("test/tiny-clip").encodeTexts(List.of("a photo of a cat"), 1)[0];
        assertEquals(status.dimension(), vector.length);
        for (String file : FILES) {
            assertEquals(1, server.requests("/test/tiny-clip/resolve/" + REVISION + "/" + file), file + " fetched once");
        }
    }

    @Test
    void theTokenGoesToTheEndpointOnlyNeverAcrossARedirect() throws Exception {
        Map<String, String> files = serveRepository("test/tiny-clip");
        ModelRegistrar registrar = node(List.of());
        registrar.register(hub("tokened", "test/tiny-clip", files, Precision.FP32));
        assertEquals(ModelState.LOADED, settled("tokened").state());
        assertEquals("Bearer hf_test_token", server.authorization("/test/tiny-clip/resolve/" + REVISION + "/config.json"));
        assertEquals("Bearer hf_test_token", server.authorization("/test/tiny-clip/resolve/" + REVISION + "/tokenizer.json"));
        assertEquals("", storage.authorization("/storage/tokenizer.json"), "the storage origin a redirect leads to gets no token");
    }

    @Test
    void aFileWhoseSha256DiffersFailsTheModelAndOnlyTheLogSaysWhy() throws Exception {
        Map<String, String> files = new TreeMap<>(serveRepository("test/tiny-clip"));
        files.put("model.safetensors", "1".repeat(64));
        ModelRegistrar registrar = node(List.of());
        registrar.register(hub("tampered", "test/tiny-clip", files, Precision.FP32));
        ModelStatus status = settled("tampered");
        assertEquals(ModelState.FAILED, status.state());
        assertEquals("registration failed: download of " + server.url("/test/tiny-clip/resolve/" + REVISION + "/model.safetensors")
            + " failed (see the node log)", status.error());
    }

    @Test
    void aLocalSnapshotIsBuiltOnlyUnderAnAllowedDirectory() throws Exception {
        ModelRegistrar registrar = node(List.of(CHECKPOINT.getParent()));
        registrar.register(new ModelSource("local-tiny", null, null, new HubSource(HubSource.Kind.LOCAL, null, null, Precision.FP32,
            Map.of(), CHECKPOINT.toString())));
        ModelStatus loaded = settled("local-tiny");
        assertEquals(ModelState.LOADED, loaded.state(), String.valueOf(loaded.error()));
        assertEquals("local-fp32", loaded.version());

        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        registrar.register(new ModelSource("outside", null, null, new HubSource(HubSource.Kind.LOCAL, null, null, Precision.FP32,
            Map.of(), elsewhere.toString())));
        ModelStatus refused = settled("outside");
        assertEquals(ModelState.FAILED, refused.state());
        assertEquals("registration failed: refused: [" + elsewhere + "] is not under clip.models.local.allowed_paths ["
            + CHECKPOINT.getParent() + "]", refused.error());
    }

    @Test
    void aLocalSnapshotWhoseFileDiffersFromTheGivenSha256IsRefused() throws Exception {
        ModelRegistrar registrar = node(List.of(CHECKPOINT.getParent()));
        registrar.register(new ModelSource("local-wrong", null, null, new HubSource(HubSource.Kind.LOCAL, null, null, Precision.FP32,
            Map.of("config.json", "2".repeat(64)), CHECKPOINT.toString())));
        ModelStatus refused = settled("local-wrong");
        assertEquals(ModelState.FAILED, refused.state());
        assertTrue(refused.error().contains("the snapshot's config.json has sha256 "), refused.error());
    }

    @Test
    void aHubSourceNeedsARevisionAndTheSha256OfItsFiles() {
        ModelRegistrar registrar = node(List.of());
        IllegalArgumentException noRevision = assertThrows(IllegalArgumentException.class, () -> registrar.pinned(new ModelSource(
            "someone/else", null, null, new HubSource(HubSource.Kind.HUGGINGFACE, "someone/else", null, null, Map.of(), null))));
        assertTrue(noRevision.getMessage().startsWith("[revision] is required for [someone/else]: the catalog pins none"),
            noRevision.getMessage());
        IllegalArgumentException noFiles = assertThrows(IllegalArgumentException.class, () -> registrar.pinned(new ModelSource(
            "openai/clip-vit-base-patch32", null, null, new HubSource(HubSource.Kind.HUGGINGFACE, "openai/clip-vit-base-patch32", null,
            null, Map.of(), null))));
        assertTrue(noFiles.getMessage().startsWith("[files] is required for [openai/clip-vit-base-patch32]"), noFiles.getMessage());
        ModelSource pinned = registrar.pinned(new ModelSource("openai/clip-vit-base-patch32", null, null, new HubSource(
            HubSource.Kind.HUGGINGFACE, "openai/clip-vit-base-patch32", null, null, Map.of("config.json", "a".repeat(64),
            "model.safetensors", "b".repeat(64), "tokenizer.json", "c".repeat(64)), null)));
        assertEquals("3d74acf9a28c67741b2f4f2ea7635f0aaf6f0268", pinned.hub().revision(), "the catalog's pinned commit");
    }

    @Test
    void hostileSourcesAreRefusedBeforeAnyDownload() {
        assertThrows(IllegalArgumentException.class, () -> new HubSource(HubSource.Kind.HUGGINGFACE, "../../etc", REVISION, null,
            Map.of(), null));
        IllegalArgumentException traversal = assertThrows(IllegalArgumentException.class, () -> new HubSource(HubSource.Kind.HUGGINGFACE,
            "a/b", REVISION, null, Map.of("../config.json", "a".repeat(64)), null));
        assertTrue(traversal.getMessage().startsWith("[files] names [../config.json], which is not a file a bundle is built from"));
        assertThrows(IllegalArgumentException.class, () -> new HubSource(HubSource.Kind.HUGGINGFACE, "a/b", "main/../x", null, Map.of(),
            null));
        assertThrows(IllegalArgumentException.class, () -> new HubSource(HubSource.Kind.HUGGINGFACE, "a/b", REVISION, null,
            Map.of("config.json", "NOT-A-SHA"), null));
        assertThrows(IllegalArgumentException.class, () -> Credential.bearer("https://huggingface.co", "tok\r\nX-Evil: 1"));
        IllegalArgumentException precision = assertThrows(IllegalArgumentException.class, () -> ModelSource.fromMap(Map.of("name", "x",
            "source", "huggingface", "precision", "fp64")));
        assertEquals("precision [fp64] must be one of fp32, bf16, int8", precision.getMessage());
    }
}
