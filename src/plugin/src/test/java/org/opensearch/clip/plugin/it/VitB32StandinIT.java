package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.encoder.catalog.ModelCatalog;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole bring-your-own-CLIP path with a model of ViT-B/32's real size (optional tier: -Dclip.vitb32=true): the
 * randomly initialised ViT-B/32 stand-in in the layout of OpenAI's release (float16, traced "on CUDA",
 * src/tools/make_vit_b32_standin.py, made once under target/vit-b32/ with /usr/bin/python3 and torch) is registered
 * from an HTTP server on 127.0.0.1 through an operator catalog entry with OpenAI ViT-B/32's manifest values, then
 * the real sample photos are ingested and searched by text and by image. Its weights are random, so rankings by text
 * mean nothing; the test proves the path and prints how long each step took.
 */
@EnabledIfSystemProperty(named = "clip.vitb32", matches = "true")
class VitB32StandinIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final LocalFileServer server = new LocalFileServer();
    static final String MODEL = "standin/ViT-B-32";

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void serveTheStandIn() throws IOException, InterruptedException, URISyntaxException {
        Path archive = Path.of("..", "..", "target", "vit-b32", "ViT-B-32-fp16.pt").toAbsolutePath().normalize();
        if (!Files.isRegularFile(archive)) {
            Process make = new ProcessBuilder("/usr/bin/python3", "../tools/make_vit_b32_standin.py", "--precision", "fp16-cuda", "--out",
                archive.toString()).inheritIO().start();
            assumeTrue(make.waitFor(20, TimeUnit.MINUTES) && make.exitValue() == 0,
                "cannot make the ViT-B/32 stand-in (needs /usr/bin/python3 with torch): " + archive);
        }
        Path shared = Path.of(System.getProperty("clip.shared.dir", "../../../shared"), "clip-vocab", "bpe_simple_vocab_16e6.txt.gz");
        Path vocabulary = Files.isRegularFile(shared) ? shared
            : Path.of(VitB32StandinIT.class.getResource("/models/synthetic-bpe-vocab.txt.gz").toURI());
        byte[] archiveBytes = Files.readAllBytes(archive);
        byte[] vocabularyBytes = Files.readAllBytes(vocabulary);
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(ModelCatalog.builtIn().entry("openai/ViT-B-32").manifest().toString());
        manifest.put("version", "standin");
        Registration.writeOperatorCatalog(cluster.cluster(), Map.of(MODEL, Registration.entry(
            server.serve("/standin/ViT-B-32.pt", archiveBytes), LocalFileServer.sha256(archiveBytes),
            server.serve("/vocab/" + vocabulary.getFileName(), vocabularyBytes), LocalFileServer.sha256(vocabularyBytes), manifest)));
        Registration.allowLocalServers(cluster.client(), server.port());
        System.out.printf(Locale.ROOT, "[vit-b32] serving %s (%d MB) and %s%n", archive, archiveBytes.length >> 20, vocabulary);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void registerIngestPhotosAndSearchByTextAndImage() throws InterruptedException {
        RestClient client = cluster.client();
        long start = System.nanoTime();
        Registration.register(client, Map.of("name", MODEL)).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, MODEL, 900).get(0);
        assertEquals("loaded", model.get("state"), String.valueOf(model));
        assertEquals(512, ((Number) model.get("dimension")).intValue());
        double registerSeconds = (System.nanoTime() - start) / 1e9;

        client.put("/_ingest/pipeline/vit-b32", """
            {"processors": [{"clip_embedding": {"model": "standin/ViT-B-32",
              "field_map": {"image": "image_vector", "caption": {"target": "caption_vector", "type": "text"}}}}]}""").assertOk();
        ClipIndexes.createImageIndex(client, "photos", 512, 1, "vit-b32");
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(image.file(), ClipIndexes.document(image, false));
        }
        start = System.nanoTime();
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("photos", docs)).assertOk();
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));

        start = System.nanoTime();
        RestResponse byText = client.post("/photos/_search", Map.of("size", 5, "_source", List.of("file"), "query",
            Map.of("clip", Map.of("image_vector", Map.of("query_text", "a photo of a cat", "k", 5, "model", MODEL))))).assertOk();
        double textQuerySeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(5, ClipIndexes.hitIds(byText).size(), byText.toString());

        SampleImages.Image cat = SampleImages.named("cat.jpg");
        RestResponse byImage = client.post("/photos/_search", Map.of("size", 3, "_source", List.of("file"), "query",
            Map.of("clip", Map.of("image_vector", Map.of("query_image", cat.base64(), "k", 3, "model", MODEL))))).assertOk();
        assertEquals("cat.jpg", ClipIndexes.hitIds(byImage).get(0), byImage.toString());
        assertEquals(1.0, byImage.decimal("hits.hits.0._score"), 1e-3);
        assertTrue(byText.decimal("hits.hits.0._score") > 0);

        System.out.printf(Locale.ROOT, "[vit-b32] registered (download, rewrite for CPU, load) in %.1f s; %d photos with captions "
            + "ingested in %.1f s (%.2f s per photo); first text query %.2f s; text query hits %s%n", registerSeconds, docs.size(),
            ingestSeconds, ingestSeconds / docs.size(), textQuerySeconds, ClipIndexes.hitIds(byText));
    }
}
