package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.hub.HubCheckpointException;
import org.opensearch.clip.encoder.runtime.CpuFeatures;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugging Face Hub checkpoints on a real node: the tiny transformers and OpenCLIP snapshots of the encoder's test
 * resources (random weights, src/tools/make_hub_checkpoints.py) are built into bundles in Java (HubBundleBuilder, fp32
 * and int8), zipped, registered by URL from a server on 127.0.0.1, then sample photos with captions are ingested and
 * searched by text and by image (a photo finds itself at score 1); the vector the node stored is the one the bundle gives
 * in this JVM.
 */
class HubBundleIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final LocalFileServer server = new LocalFileServer();
    static Path work;
    static DjlRuntime runtime;

    @BeforeAll
    static void startRuntime() throws IOException {
        work = Files.createDirectories(Path.of("target", "hub-it").toAbsolutePath());
        runtime = DjlRuntime.start(work.resolve("djl"), 1);
        Registration.allowLocalServers(cluster.client(), server.port());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({ "hf-safetensors-quickgelu, fp32", "openclip-bin-gelu, fp32", "hf-bin-gelu-eos, int8" })
    void aHubCheckpointBuiltInJavaRegistersIngestsAndSearches(String snapshot, String precision) throws Exception {
        String name = "hub/" + snapshot + "-" + precision;
        Path bundle = work.resolve(snapshot + "-" + precision);
        if (Precision.parse(precision) == Precision.INT8 && CpuFeatures.lacksInt8DotProduct()) {
            HubCheckpointException refused = assertThrows(HubCheckpointException.class, () -> HubBundleBuilder.build(
                Path.of("..", "encoder", "src", "test", "resources", "hub", snapshot), bundle, name, "r1", Precision.INT8));
            assertEquals(HubBundleBuilder.INT8_NEEDS_VNNI, refused.getMessage(), "this CPU has no int8 dot products");
            return;
        }
        HubBundleBuilder.build(Path.of("..", "encoder", "src", "test", "resources", "hub", snapshot), bundle, name, "r1",
            Precision.parse(precision));
        byte[] zip = zip(bundle);
        String url = server.serve("/hub/" + snapshot + "-" + precision + ".zip", zip);

        RestClient client = cluster.client();
        Registration.register(client, Map.of("name", name, "url", url, "sha256", LocalFileServer.sha256(zip))).assertOk();
        Map<String, Object> model = Registration.awaitSettled(client, name, 120).get(0);
        assertEquals("loaded", model.get("state"), model.toString());
        assertEquals(8, ((Number) model.get("dimension")).intValue());

        String pipeline = "hub-" + snapshot + "-" + precision;
        client.put("/_ingest/pipeline/" + pipeline, Map.of("processors", List.of(Map.of("clip_embedding", Map.of("model", name,
            "field_map", Map.of("image", "image_vector", "caption", Map.of("target", "caption_vector", "type", "text"))))))).assertOk();
        ClipIndexes.createImageIndex(client, pipeline, 8, 1, pipeline);
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(image.file(), ClipIndexes.document(image, false));
        }
        assertEquals(Map.of(), ClipIndexes.bulkFailures(client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody(pipeline, docs)).assertOk()));

        RestResponse byText = client.post("/" + pipeline + "/_search", Map.of("size", 3, "query", Map.of("clip", Map.of("caption_vector",
            Map.of("query_text", "a photo of a cat", "k", 3, "model", name))))).assertOk();
        assertEquals(3, ClipIndexes.hitIds(byText).size(), byText.toString());
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        RestResponse byImage = client.post("/" + pipeline + "/_search", Map.of("size", 2, "_source", List.of("file"), "query",
            Map.of("clip", Map.of("image_vector", Map.of("query_image", cat.base64(), "k", 2, "model", name))))).assertOk();
        // the photo finds itself at score 1; its CMYK copy (the same picture) may tie with it in the tiny model's 8 dimensions
        int self = ClipIndexes.hitIds(byImage).indexOf("cat.jpg");
        assertTrue(self >= 0, byImage.toString());
        assertEquals(1.0, byImage.decimal("hits.hits." + self + "._score"), 1e-3);

        try (ClipEncoder local = ClipEncoder.load(ModelBundle.open(bundle, work.resolve("extract")), runtime.device(DeviceSpec.parse("cpu")))) {
            float[] expected = local.encodeImages(List.of(local.preprocess(cat.bytes(), ImageLimits.DEFAULT)), 1)[0];
            RestResponse doc = client.get("/" + pipeline + "/_doc/" + cat.file()).assertOk();
            List<?> stored = (List<?>) Json.at(doc.json(), "_source.image_vector");
            double dot = 0;
            for (int i = 0; i < expected.length; i++) {
                dot += expected[i] * ((Number) stored.get(i)).doubleValue();
            }
            assertTrue(dot > 0.9999, "the node's vector of cat.jpg is the bundle's: cosine " + dot);
        }
    }

    private static byte[] zip(Path directory) throws IOException {
        return org.opensearch.clip.plugin.testcluster.BundleZip.of(directory);
    }
}
