package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST _plugins/_clip/models/_register on a real node, downloading from an HTTP server on 127.0.0.1 in this JVM
 * (through the node's security agent): a catalog model in OpenAI's float16 CUDA archive layout (the tiny stand-in)
 * is downloaded, built, loaded and used to index and search; a wrong checksum is refused; the catalog mirror
 * setting redirects the shipped catalog; a bundle zip registers by URL.
 */
class ModelRegisterIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final LocalFileServer server = new LocalFileServer();
    static byte[] archive;
    static byte[] vocabulary;
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
        Registration.writeOperatorCatalog(cluster.cluster(), models);
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
    void aWrongChecksumIsRefusedAndTheModelSaysWhy() throws InterruptedException {
        RestClient client = cluster.client();
        Registration.register(client, Map.of("name", "test/wrong-checksum")).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, "test/wrong-checksum", 60).get(0);
        assertEquals("failed", model.get("state"));
        assertEquals("registration failed: refused " + server.url("/models/tiny-openai-fp16.pt") + ": its sha256 is "
            + LocalFileServer.sha256(archive) + " but " + "2".repeat(64) + " was expected (a different or corrupted file)", model.get("error"));
        RestResponse use = client.post("/_plugins/_clip/models/_register", Map.of("name", "test/wrong-checksum"));
        assertEquals(200, use.status(), "a failed registration may be retried: " + use);
    }

    @Test
    void theMirrorSettingFetchesTheShippedCatalogFromElsewhereAndKeepsItsChecksums() throws InterruptedException {
        RestClient client = cluster.client();
        String path = "/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt";
        server.serve(path, archive);
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.models.catalog.base_url", server.url("/mirror")))).assertOk();
        try {
            Registration.register(client, Map.of("name", "openai/ViT-B-32")).assertOk();
            Map<String, Object> model = Registration.awaitSettled(client, "openai/ViT-B-32", 60).get(0);
            assertEquals("failed", model.get("state"));
            assertTrue(String.valueOf(model.get("error")).contains("but 40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af was "
                + "expected"), model.toString());
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
        // the node's default model has this name already: register the same bundle under a name of its own
        byte[] renamed = zip(resource("models/tiny-clip"), "tiny-clip-test", "tiny-clip-by-url");
        String renamedUrl = server.serve("/bundles/tiny-clip-by-url.zip", renamed);
        RestResponse taken = Registration.register(client, Map.of("name", "tiny-clip-test", "url", url, "sha256", LocalFileServer.sha256(zip)));
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
        return zip(directory, null, null);
    }

    /** The bundle directory as a zip; with {@code from}/{@code to}, the manifest's model name replaced. */
    private static byte[] zip(Path directory, String from, String to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(file.getFileName().toString()));
                if (from != null && file.getFileName().toString().equals("clip-model.json")) {
                    out.write(Files.readString(file).replace("\"" + from + "\"", "\"" + to + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    Files.copy(file, (OutputStream) out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
