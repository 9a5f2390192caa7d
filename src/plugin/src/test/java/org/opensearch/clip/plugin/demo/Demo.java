package org.opensearch.clip.plugin.demo;

import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The demo behind {@code src/tools/demo.sh}: a real node with k-NN and opensearch-clip on 127.0.0.1:9200 (or the next
 * free port), the sample images indexed through a {@code clip_embedding} pipeline, example queries printed as curl
 * commands with their top hits; the node runs until Ctrl-C. When the Google emoji set is in the trainer's emoji cache
 * ({@code clip.demo.emoji}, default {@code ~/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0}; fetch it
 * with {@code src/tools/clip-trainer.sh download-emoji}), its 1,911 emoji are indexed too and searched by name with
 * the default model, which was trained on them.
 */
public final class Demo {
    static final String INDEX = "clip-demo";
    static final String PIPELINE = "clip-demo-images";
    static final String EMOJI_INDEX = "clip-demo-emoji";

    private Demo() {}

    /** Runs the demo; {@code --exit} stops after printing the examples (a smoke run). */
    public static void main(String[] args) throws Exception {
        boolean exitAfterExamples = List.of(args).contains("--exit");
        System.out.println("[demo] starting an OpenSearch node with opensearch-knn and opensearch-clip"
            + " (unpacking and installing the plugins the first time; usually 20-60 s) ...");
        ClipCluster cluster;
        try (Heartbeat waiting = new Heartbeat("waiting for the node to start and load the model", 10)) {
            cluster = ClipCluster.start("clip-demo", ClipCluster.Options.singleNode().preferringHttpPort(9200));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[demo] stopping the node ...");
            cluster.close();
            System.out.println("[demo] stopped.");
            stopped.countDown();
        }, "demo-stop"));
        RestClient client = cluster.client();
        String base = client.baseUri().toString();
        System.out.printf(Locale.ROOT, "[demo] node up at %s (healthy after %.1f s, model loaded after %.1f s); logs: %s%n",
            base, cluster.timeToHealthy().toMillis() / 1000.0, cluster.timeToModelLoaded().toMillis() / 1000.0,
            cluster.node(0).logsDirectory());

        Map<String, Object> model = ClipIndexes.defaultModel(client);
        int dimension = ((Number) model.get("dimension")).intValue();
        System.out.printf(Locale.ROOT, "[demo] default model %s version %s, dimension %d, on %s%n", model.get("name"),
            model.get("version"), dimension, model.get("device"));

        ClipIndexes.createImagePipeline(client, PIPELINE);
        ClipIndexes.createImageIndex(client, INDEX, dimension, 1, PIPELINE);
        System.out.println("[demo] created pipeline " + PIPELINE + " and index " + INDEX);
        loadImages(client);

        Path queries = Path.of(System.getProperty("clip.work.dir", "."), "demo-queries");
        Files.createDirectories(queries);
        example(client, base, queries, "text", textQuery("a photo of a tabby cat"));
        example(client, base, queries, "image", imageQuery(SampleImages.named("coffee.jpg")));
        example(client, base, queries, "text-and-image", Map.of(
            "size", 5,
            "_source", List.of("file", "caption"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of(
                "query_text", "a rocket launching into the sky",
                "query_image", SampleImages.named("rocket-alpha.png").dataUri(),
                "text_weight", 1.0, "image_weight", 2.0, "k", 5)))));

        List<String> links = new ArrayList<>();
        links.add(searchLink(base, INDEX, "a photo of a tabby cat"));

        Path emoji = Path.of(System.getProperty("clip.demo.emoji",
            System.getProperty("user.home") + "/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0"));
        if (Files.isRegularFile(emoji.resolve("emoji.json"))) {
            ClipIndexes.createImageIndex(client, EMOJI_INDEX, dimension, 1, PIPELINE);
            try (Heartbeat indexing = new Heartbeat("embedding the emoji", 15)) {
                loadEmoji(client, emoji);
            }
            links.add(searchLink(base, EMOJI_INDEX, "pizza"));
            example(client, base, queries, "emoji-pizza", EMOJI_INDEX, emojiQuery("pizza"));
            example(client, base, queries, "emoji-red-heart", EMOJI_INDEX, emojiQuery("red heart"));
        } else {
            System.out.println("\n[demo] no emoji set at " + emoji + ": fetch it with `src/tools/clip-trainer.sh download-emoji`"
                + " to search emoji by name too");
        }

        System.out.println();
        System.out.println("[demo] try:  curl -s '" + base + "/_plugins/_clip/models?pretty'");
        System.out.println("[demo]       curl -s '" + base + "/" + INDEX + "/_search?pretty' -H 'Content-Type: application/json' \\");
        System.out.println("[demo]         -d '{\"_source\":[\"file\",\"caption\"],\"query\":{\"clip\":{\"" + ClipIndexes.IMAGE_VECTOR
            + "\":{\"query_text\":\"galaxies in deep space\",\"k\":3}}}}'");
        System.out.println();
        System.out.println("[demo] the search page, ready for each index:");
        links.forEach(link -> System.out.println("[demo]   " + link));
        if (exitAfterExamples) {
            System.exit(0);
        }
        System.out.println("[demo] the node keeps running at " + base + "; press Ctrl-C to stop it.");
        stopped.await();
    }

    /** A link to the search page that opens on {@code index} and runs {@code text} at once. */
    static String searchLink(String base, String index, String text) {
        return base + "/_plugins/_clip/search?index=" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "&query="
            + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void loadImages(RestClient client) {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(image.file(), ClipIndexes.document(image, false));
        }
        int total = docs.size();
        int done = 0;
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> doc : docs.entrySet()) {
            batch.put(doc.getKey(), doc.getValue());
            if (batch.size() == 3 || done + batch.size() == total) {
                RestResponse bulk = client.postNdjson("/_bulk", ClipIndexes.bulkBody(INDEX, batch)).assertOk();
                Map<String, String> failures = ClipIndexes.bulkFailures(bulk);
                done += batch.size();
                System.out.printf(Locale.ROOT, "[demo] indexed %2d/%d images %s%n", done, total,
                    failures.isEmpty() ? "" : "(failed: " + failures + ")");
                batch.clear();
            }
        }
        client.post("/" + INDEX + "/_refresh", "{}").assertOk();
    }

    /** Indexes every emoji of an unpacked emoji-datasource package: its 64 px image and its name as the caption. */
    @SuppressWarnings("unchecked")
    private static void loadEmoji(RestClient client, Path emojiPackage) throws IOException {
        List<Object> entries = (List<Object>) Json.parse(Files.readString(emojiPackage.resolve("emoji.json")));
        Path images = emojiPackage.resolve("img/google/64");
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        int done = 0;
        for (Object entry : entries) {
            Map<String, Object> emoji = (Map<String, Object>) entry;
            Path file = images.resolve(String.valueOf(emoji.get("image")));
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file.getFileName().toString());
            doc.put("caption", String.valueOf(emoji.get("name")).toLowerCase(Locale.ROOT));
            doc.put("image", java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            batch.put(String.valueOf(emoji.get("unified")), doc);
            if (batch.size() == 100) {
                done += bulk(client, batch);
            }
        }
        done += bulk(client, batch);
        client.post("/" + EMOJI_INDEX + "/_refresh", "{}").assertOk();
        System.out.printf(Locale.ROOT, "[demo] indexed %d emoji from %s into %s%n", done, emojiPackage, EMOJI_INDEX);
    }

    private static int bulk(RestClient client, Map<String, Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        RestResponse bulk = client.postNdjson("/_bulk", ClipIndexes.bulkBody(EMOJI_INDEX, batch)).assertOk();
        Map<String, String> failures = ClipIndexes.bulkFailures(bulk);
        if (!failures.isEmpty()) {
            System.out.println("[demo] emoji that failed: " + failures);
        }
        int count = batch.size() - failures.size();
        batch.clear();
        return count;
    }

    private static Map<String, Object> emojiQuery(String text) {
        return Map.of("size", 5, "_source", List.of("file", "caption"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_text", text, "k", 5))));
    }

    private static Map<String, Object> textQuery(String text) {
        return Map.of("size", 3, "_source", List.of("file", "caption"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_text", text, "k", 3))));
    }

    private static Map<String, Object> imageQuery(SampleImages.Image image) {
        return Map.of("size", 3, "_source", List.of("file", "caption"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_image", image.base64(), "k", 3))));
    }

    private static void example(RestClient client, String base, Path directory, String name, Map<String, Object> body)
        throws IOException {
        example(client, base, directory, name, INDEX, body);
    }

    @SuppressWarnings("unchecked")
    private static void example(RestClient client, String base, Path directory, String name, String index, Map<String, Object> body)
        throws IOException {
        Path file = directory.resolve(name + ".json").toAbsolutePath();
        Files.writeString(file, Json.write(body));
        System.out.println();
        System.out.println("[demo] " + name + " query:");
        System.out.println("  curl -s '" + base + "/" + index + "/_search?pretty' -H 'Content-Type: application/json' --data-binary @"
            + file);
        RestResponse search = client.post("/" + index + "/_search", body).assertOk();
        for (Object hit : search.list("hits.hits")) {
            Map<String, Object> h = (Map<String, Object>) hit;
            Map<String, Object> source = (Map<String, Object>) h.get("_source");
            System.out.printf(Locale.ROOT, "    %.4f  %-28s %s%n", ((Number) h.get("_score")).doubleValue(), source.get("file"),
                source.get("caption"));
        }
    }
}
