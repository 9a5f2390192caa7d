package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.runtime.CpuFeatures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST _plugins/_clip/models/_register on a real node, downloading from an HTTP server on 127.0.0.1 in this JVM
 * (through the node's security agent and the clip.fetch policy, opened to that server's address and port only): a
 * catalog model in OpenAI's float16 CUDA archive layout (the tiny stand-in) is downloaded, built, loaded and used to
 * index and search, and registered at a precision embeds as at fp32; a wrong checksum is refused; the catalog mirror setting redirects the shipped catalog; a bundle zip
 * registers by URL; the node's own REST port, the metadata address, private addresses and redirects to them are refused,
 * and no failure in the models API shows anything of what a server answered.
 */
class ModelRegisterIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.of(ClipCluster.Options.singleNode()
        .withSetting("clip.models.local.allowed_paths", "${OPENSEARCH_PATH_CONF}/opensearch-clip/hub"));
    /** The encoder's tiny transformers-layout checkpoint with random weights (safetensors, quick_gelu). */
    static final Path HUB_CHECKPOINT = Path.of("../encoder/src/test/resources/hub/hf-safetensors-quickgelu").toAbsolutePath().normalize();
    static final List<String> HUB_FILES = List.of("config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json");

    static final LocalFileServer server = new LocalFileServer();
    static byte[] archive;
    static byte[] vocabulary;
    static int closedPort;
    static final Map<String, Object> TINY_VALUES = Map.of(
        "version", "1",
        "embedding_dim", 32,
        "image", Map.of("size", 32, "mean", List.of(0.48145466, 0.4578275, 0.40821073), "std", List.of(0.26862954, 0.26130258, 0.27577711)),
        "text", Map.of("context_length", 77, "pad_id", 0)
    );

    @BeforeAll
    static void serveTheStandIns() throws IOException, URISyntaxException {
        archive = Files.readAllBytes(resource("models/tiny-archive-fp16/model.pt"));
        vocabulary = Files.readAllBytes(resource("models/synthetic-bpe-vocab.txt.gz"));
        String archiveUrl = server.serve("/models/tiny-openai-fp16.pt", archive);
        String vocabularyUrl = server.serve("/vocab/synthetic-bpe-vocab.txt.gz", vocabulary);
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("test/tiny-openai-fp16", Registration.entry(archiveUrl, LocalFileServer.sha256(archive), vocabularyUrl,
            LocalFileServer.sha256(vocabulary), TINY_VALUES));
        models.put("test/wrong-checksum", Registration.entry(archiveUrl, "2".repeat(64), vocabularyUrl, LocalFileServer.sha256(vocabulary),
            TINY_VALUES));
        String vitUrl = server.serve("/models/tiny-vit.pt", archive); // its own path: the other tests count their downloads
        for (String precision : List.of("fp32", "bf16")) {
            Map<String, Object> narrowHeads = new LinkedHashMap<>(Registration.entry(vitUrl, LocalFileServer.sha256(archive), vocabularyUrl,
                LocalFileServer.sha256(vocabulary), TINY_VALUES));
            narrowHeads.put("head_width", 16); // the tiny archive's heads; OpenAI's (the default) are 64
            models.put("test/tiny-vit-" + precision, narrowHeads);
        }
        Registration.writeOperatorCatalog(cluster.cluster(), models);
        closedPort = closedPort();
        Registration.allowLocalServers(cluster.client(), server.port(), closedPort);
    }

    /** A port of 127.0.0.1 nothing listens on (allowed by the policy, to show what a closed port looks like). */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Registers a bundle from {@code url} and returns the model's error once it has failed. */
    static String registrationError(RestClient client, String name, String url) throws InterruptedException {
        Registration.register(client, Map.of("name", name, "url", url, "sha256", "0".repeat(64))).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, name, 60).get(0);
        assertEquals("failed", model.get("state"), model.toString());
        return String.valueOf(model.get("error"));
    }

    /** The node's log so far. */
    static String nodeLog() throws IOException {
        return Files.readString(cluster.cluster().node(0).consoleLog());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ModelRegisterIT.class.getResource("/" + name).toURI());
    }

    @Test
    void aCatalogModelIsDownloadedBuiltLoadedAndSearchesImages() throws InterruptedException {
        RestClient client = cluster.client();
        RestResponse started = Registration.register(client, Map.of("name", "test/tiny-openai-fp16")).assertOk();
        assertEquals(1, started.number("_nodes.successful"), started.toString());
        String state = started.string("nodes.*.model.state");
        assertTrue(List.of("downloading", "loading", "loaded").contains(state), started.toString());

        Map<String, Object> model = Registration.awaitSettled(client, "test/tiny-openai-fp16", 120).get(0);
        assertEquals("loaded", model.get("state"), String.valueOf(model));
        assertEquals(32, ((Number) model.get("dimension")).intValue());
        assertTrue(String.valueOf(model.get("source")).endsWith("/opensearch-clip/registered/test%2Ftiny-openai-fp16"), model.toString());

        client.put("/_ingest/pipeline/tiny-openai", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}, "model": "test/tiny-openai-fp16"}}]}""").assertOk();
        ClipIndexes.createImageIndex(client, "registered", 32, 1, "tiny-openai");
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(image.file(), ClipIndexes.document(image, false));
        }
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("registered", docs)).assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));

        SampleImages.Image cat = SampleImages.named("cat.jpg");
        RestResponse hits = client.post("/registered/_search", Map.of("size", 3, "_source", List.of("file"), "query",
            Map.of("clip", Map.of("image_vector", Map.of("query_image", cat.base64(), "k", 3, "model", "test/tiny-openai-fp16"))))).assertOk();
        assertEquals("cat.jpg", ClipIndexes.hitIds(hits).get(0), hits.toString());
        assertEquals(1.0, hits.decimal("hits.hits.0._score"), 1e-4);

        RestResponse again = Registration.register(client, Map.of("name", "test/tiny-openai-fp16")).assertOk();
        assertEquals("loaded", again.string("nodes.*.model.state"), "registering a loaded model again changes nothing");
        assertEquals(1, server.requests("/models/tiny-openai-fp16.pt"));
    }

    @Test
    void aCatalogArchiveRegisteredAtBf16EmbedsImagesLikeItsFp32RegistrationAndReportsItsPrecision() throws InterruptedException {
        RestClient client = cluster.client();
        Map<String, float[]> cats = new LinkedHashMap<>();
        for (String precision : List.of("fp32", "bf16")) {
            String name = "test/tiny-vit-" + precision;
            Registration.register(client, Map.of("name", name, "precision", precision)).assertOk();
            Map<String, Object> model = Registration.awaitSettled(client, name, 180).get(0);
            assertEquals("loaded", model.get("state"), String.valueOf(model));
            assertEquals("1-" + precision, model.get("version"), "the version says the precision, as a Hub model's does");
            RestResponse embedded = client.post("/_plugins/_clip/_embed", Map.of("model", name, "images",
                List.of(SampleImages.named("cat.jpg").base64()))).assertOk();
            cats.put(precision, Vectors.of(embedded.at("images.0.vector")));
        }
        // texts: the tiny archive's 387-token vocabulary is smaller than any CLIP BPE tokenizer's (start token 49406), so
        // its text tower is compared on token ids in ArchivePrecisionRegistrationTest
        double cosine = Vectors.dot(cats.get("bf16"), cats.get("fp32"));
        assertTrue(cosine >= 0.999, "image cosine " + cosine);
        RestResponse bad = Registration.register(client, Map.of("name", "test/tiny-vit-bf16", "precision", "fp16"));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("precision [fp16] must be one of fp32, bf16, int8"), bad.body());
    }

    @Test
    void aWrongChecksumIsRefusedAndOnlyTheNodeLogSaysWhy() throws InterruptedException, IOException {
        RestClient client = cluster.client();
        Registration.register(client, Map.of("name", "test/wrong-checksum")).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, "test/wrong-checksum", 60).get(0);
        assertEquals("failed", model.get("state"));
        assertEquals("registration failed: download of " + server.url("/models/tiny-openai-fp16.pt") + " failed (see the node log)",
            model.get("error"), "the models API shows nothing of what came back");
        assertTrue(nodeLog().contains("its sha256 is " + LocalFileServer.sha256(archive) + " but " + "2".repeat(64) + " was expected"),
            "the node log has the details");
        RestResponse use = client.post("/_plugins/_clip/models/_register", Map.of("name", "test/wrong-checksum"));
        assertEquals(200, use.status(), "a failed registration may be retried: " + use);
    }

    @Test
    void theMirrorSettingFetchesTheShippedCatalogFromElsewhereAndKeepsItsChecksums() throws InterruptedException, IOException {
        RestClient client = cluster.client();
        String path = "/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt";
        server.serve(path, archive);
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.models.catalog.base_url", server.url("/mirror")))).assertOk();
        try {
            Registration.register(client, Map.of("name", "openai/ViT-B-32")).assertOk();
            Map<String, Object> model = Registration.awaitSettled(client, "openai/ViT-B-32", 60).get(0);
            assertEquals("failed", model.get("state"));
            assertEquals("registration failed: download of " + server.url(path) + " failed (see the node log)", model.get("error"));
            assertTrue(nodeLog().contains("but 40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af was expected"), "in the log");
            assertEquals(1, server.requests(path), "the node fetched the archive from the mirror");
        } finally {
            client.put("/_cluster/settings", "{\"persistent\": {\"clip.models.catalog.base_url\": null}}").assertOk();
        }
    }

    @Test
    void aBundleZipRegistersByUrlAndAnswersTextQueries() throws IOException, URISyntaxException, InterruptedException {
        RestClient client = cluster.client();
        byte[] zip = zip(resource("models/tiny-clip"));
        String url = server.serve("/bundles/tiny-clip.zip", zip);
        // a name the node has already (its default model) is kept: nothing is downloaded for it
        String defaultName = String.valueOf(ClipIndexes.defaultModel(client).get("name"));
        byte[] renamed = zip(resource("models/tiny-clip"), "tiny-clip-test", "tiny-clip-by-url");
        String renamedUrl = server.serve("/bundles/tiny-clip-by-url.zip", renamed);
        RestResponse taken = Registration.register(client, Map.of("name", defaultName, "url", url, "sha256", LocalFileServer.sha256(zip)));
        assertEquals("loaded", taken.string("nodes.*.model.state"), "the configured default keeps its name: " + taken);
        assertEquals(0, server.requests("/bundles/tiny-clip.zip"), "nothing is downloaded for a name that is taken");

        Registration.register(client, Map.of("name", "tiny-clip-by-url", "url", renamedUrl, "sha256", LocalFileServer.sha256(renamed))).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, "tiny-clip-by-url", 60).get(0);
        assertEquals("loaded", model.get("state"), model.toString());
        assertTrue(String.valueOf(model.get("source")).endsWith("/registered/tiny-clip-by-url.zip"), model.toString());

        client.put("/_ingest/pipeline/by-url", """
            {"processors": [{"clip_embedding": {"model": "tiny-clip-by-url",
              "field_map": {"image": "image_vector", "caption": {"target": "caption_vector", "type": "text"}}}}]}""").assertOk();
        ClipIndexes.createImageIndex(client, "by-url", 32, 1, "by-url");
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (String file : List.of("cat.jpg", "coffee.jpg", "astronaut.jpg")) {
            docs.put(file, ClipIndexes.document(SampleImages.named(file), false));
        }
        assertEquals(Map.of(), ClipIndexes.bulkFailures(client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("by-url", docs)).assertOk()));
        RestResponse hits = client.post("/by-url/_search", Map.of("query", Map.of("clip", Map.of("caption_vector",
            Map.of("query_text", "a cup of coffee", "k", 3, "model", "tiny-clip-by-url"))))).assertOk();
        assertEquals(3, ClipIndexes.hitIds(hits).size(), hits.toString());
    }

    @Test
    void aHubRepositoryFromAnEndpointThatAnswersLikeTheHubIsBuiltAtInt8AndSearches() throws IOException, InterruptedException {
        RestClient client = cluster.client();
        String revision = "0123456789abcdef0123456789abcdef01234567";
        Map<String, Object> files = new LinkedHashMap<>();
        for (String file : HUB_FILES) {
            byte[] bytes = Files.readAllBytes(HUB_CHECKPOINT.resolve(file));
            server.serve("/hub/test/tiny-clip/resolve/" + revision + "/" + file, bytes);
            files.put(file, LocalFileServer.sha256(bytes));
        }
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.models.hub.endpoint", server.url("/hub")))).assertOk();
        // int8 where the CPU has int8 dot products (VNNI, AMX); elsewhere int8 is refused with its reason and bf16 is used
        String precision = CpuFeatures.lacksInt8DotProduct() ? "bf16" : "int8";
        String name = "test/tiny-hub-" + precision;
        try {
            if (CpuFeatures.lacksInt8DotProduct()) {
                Registration.register(client, Map.of("name", "test/tiny-hub-int8", "source", "huggingface", "repo", "test/tiny-clip",
                    "revision", revision, "precision", "int8", "files", files)).assertOk();
                Map<String, Object> refused = Registration.awaitSettled(client, "test/tiny-hub-int8", 180).get(0);
                assertEquals("failed", refused.get("state"), refused.toString());
                assertTrue(String.valueOf(refused.get("error")).contains(HubBundleBuilder.INT8_NEEDS_VNNI), refused.toString());
            }
            Registration.register(client, Map.of("name", name, "source", "huggingface", "repo", "test/tiny-clip",
                "revision", revision, "precision", precision, "files", files)).assertOk();
            Map<String, Object> model = Registration.awaitSettled(client, name, 180).get(0);
            assertEquals("loaded", model.get("state"), model.toString());
            assertEquals("0123456789ab-" + precision, model.get("version"));
        } finally {
            client.put("/_cluster/settings", "{\"persistent\": {\"clip.models.hub.endpoint\": null}}").assertOk();
        }
        client.put("/_ingest/pipeline/tiny-hub", """
            {"processors": [{"clip_embedding": {"model": "%s",
              "field_map": {"image": "image_vector", "caption": {"target": "caption_vector", "type": "text"}}}}]}""".formatted(name)).assertOk();
        int dimension = ((Number) Registration.awaitSettled(client, name, 10).get(0).get("dimension")).intValue();
        ClipIndexes.createImageIndex(client, "hub-int8", dimension, 1, "tiny-hub");
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (String file : List.of("cat.jpg", "coffee.jpg", "astronaut.jpg")) {
            docs.put(file, ClipIndexes.document(SampleImages.named(file), false));
        }
        assertEquals(Map.of(), ClipIndexes.bulkFailures(client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("hub-int8", docs))
            .assertOk()));
        RestResponse hits = client.post("/hub-int8/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
            Map.of("query_image", SampleImages.named("cat.jpg").base64(), "k", 3, "model", name))))).assertOk();
        assertEquals("cat.jpg", ClipIndexes.hitIds(hits).get(0), hits.toString());
    }

    @Test
    void aLocalSnapshotRegistersOnlyFromAnAllowedDirectory() throws IOException, InterruptedException {
        RestClient client = cluster.client();
        Path snapshot = cluster.cluster().node(0).configDirectory().resolve("opensearch-clip/hub/tiny-clip");
        Files.createDirectories(snapshot);
        for (String file : HUB_FILES) {
            Files.copy(HUB_CHECKPOINT.resolve(file), snapshot.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Registration.register(client, Map.of("name", "test/tiny-local", "source", "local", "path", snapshot.toString())).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, "test/tiny-local", 180).get(0);
        assertEquals("loaded", model.get("state"), model.toString());
        assertEquals("local-fp32", model.get("version"));

        Path outside = cluster.cluster().node(0).configDirectory().resolve("opensearch-clip/models");
        Registration.register(client, Map.of("name", "test/not-allowed", "source", "local", "path", outside.toString())).assertOk();
        Map<String, Object> refused = Registration.awaitSettled(client, "test/not-allowed", 60).get(0);
        assertEquals("failed", refused.get("state"), refused.toString());
        assertTrue(String.valueOf(refused.get("error")).contains("is not under clip.models.local.allowed_paths"), refused.toString());
    }

    @Test
    void aHubRepositoryWithoutChecksumsIsRefusedWithA400() {
        RestResponse refused = Registration.register(cluster.client(), Map.of("name", "openai/clip-vit-base-patch32", "source",
            "huggingface"));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("[files] is required for [openai/clip-vit-base-patch32]"), refused.body());
        RestResponse stray = Registration.register(cluster.client(), Map.of("name", "x", "revision", "main"));
        assertEquals(400, stray.status(), stray.toString());
        assertTrue(stray.body().contains("[revision] goes with"), stray.body());
    }

    @Test
    void theNodesOwnRestPortIsRefusedAndTheModelsApiShowsNothingOfIt() throws InterruptedException {
        RestClient client = cluster.client();
        int restPort = cluster.cluster().node(0).httpPort();
        String ports = "[" + Math.min(server.port(), closedPort) + ", " + Math.max(server.port(), closedPort) + "]";
        String own = "http://127.0.0.1:" + restPort + "/_cat/indices";
        assertEquals("registration failed: refused by clip.fetch policy: " + own + ": refused: port " + restPort
            + " is not in clip.fetch.allowed_ports " + ports, registrationError(client, "leak/own-port", own));

        server.redirect("/to-the-node", own);
        assertEquals("registration failed: refused by clip.fetch policy: " + server.url("/to-the-node") + ": refused: redirect 1 goes to a "
            + "destination the policy refuses: port " + restPort + " is not in clip.fetch.allowed_ports " + ports,
            registrationError(client, "leak/redirect", server.url("/to-the-node")));
    }

    @Test
    void refusedAddressesFailBeforeAnyConnection() throws InterruptedException {
        RestClient client = cluster.client();
        assertEquals("registration failed: refused by clip.fetch policy: http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 "
            + "is the cloud metadata address; allow it with clip.fetch.allowed_cidrs",
            registrationError(client, "leak/metadata", "http://169.254.169.254/latest/meta-data/"));
        assertEquals("registration failed: refused by clip.fetch policy: http://10.0.0.1/bundle.zip: refused: 10.0.0.1 is a private "
            + "address; allow it with clip.fetch.allowed_cidrs", registrationError(client, "leak/private", "http://10.0.0.1/bundle.zip"));
        assertTrue(registrationError(client, "leak/decimal", "http://2130706433/x.zip").contains("is a numeric address in a non-standard form"));
    }

    @Test
    void aClosedPortAndAMissingFileLookAlike() throws InterruptedException {
        RestClient client = cluster.client();
        String closed = "http://127.0.0.1:" + closedPort + "/bundle.zip";
        assertEquals("registration failed: download of " + closed + " failed (see the node log)", registrationError(client, "scan/closed", closed));
        String missing = server.url("/missing/bundle.zip");
        assertEquals("registration failed: download of " + missing + " failed (see the node log)",
            registrationError(client, "scan/missing", missing), "no status, no exception text: the API cannot scan ports");
    }

    @Test
    void credentialsInAUrlAreRefusedAndNeverEchoed() {
        RestClient client = cluster.client();
        RestResponse refused = Registration.register(client, Map.of("name", "creds", "url",
            server.url("/bundles/x.zip").replace("http://", "http://admin:hunter2@"), "sha256", "0".repeat(64)));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("[url] must not carry credentials"), refused.body());
        assertTrue(!refused.body().contains("hunter2") && !refused.body().contains("admin"), refused.body());
    }

    @Test
    void badRequestsAreRefusedWithA400() {
        RestClient client = cluster.client();
        RestResponse unknown = Registration.register(client, Map.of("name", "openai/ViT-B-99"));
        assertEquals(400, unknown.status(), unknown.toString());
        assertTrue(unknown.body().contains("[openai/ViT-B-99] is not in the model catalog; known models: ["), unknown.body());
        RestResponse half = Registration.register(client, Map.of("name", "x", "url", "http://127.0.0.1:1/x.zip"));
        assertEquals(400, half.status(), half.toString());
        assertTrue(half.body().contains("[url] and [sha256] go together"), half.body());
        RestResponse extra = Registration.register(client, Map.of("name", "x", "force", "true"));
        assertEquals(400, extra.status(), extra.toString());
        assertTrue(extra.body().contains("unknown field [force]"), extra.body());
    }

    private static byte[] zip(Path directory) throws IOException {
        return Registration.bundleZip(directory, null, null);
    }

    private static byte[] zip(Path directory, String from, String to) throws IOException {
        return Registration.bundleZip(directory, from, to);
    }
}
