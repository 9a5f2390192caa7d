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

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The search page at {@code GET /_plugins/_clip/search}: its files and headers over HTTP, and the page itself in
 * a real headless Chromium ({@code /usr/bin/chromium}, installed by {@code .ci/run}) driven by playwright-core from
 * {@code src/plugin/search-page/browser-test} (skipped where Chromium or Node is absent). The browser test writes
 * its screenshots to {@code src/plugin/target/search-page-screenshots/}, or to {@code -Dclip.screenshots.dir} (relative
 * to the repository root: {@code docs/images} refreshes the README's).
 */
class SearchPageIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String INDEX = "page";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path REPOSITORY = Path.of(System.getProperty("clip.repository.root", "../..")).toAbsolutePath().normalize();
    static final Path PAGE_SOURCES = REPOSITORY.resolve("src/plugin/search-page");
    static final Path SCREENSHOTS = REPOSITORY.resolve(System.getProperty("clip.screenshots.dir", "src/plugin/target/search-page-screenshots"));
    /** The labels the pipeline's clip_classify tags every image with (its two likeliest), for the flyout and the facets. */
    static final List<String> TAG_LABELS = List.of("animal", "drink", "space", "vehicle", "shape");
    /** Serves cat.jpg over http on 127.0.0.1, the node's outbound policy opened to it, for the image-URL case. */
    static LocalFileServer images;
    static String catUrl;

    @BeforeAll
    static void indexTheSampleImagesABrokenOneAndASmallOne() throws IOException {
        RestClient client = cluster.client();
        images = new LocalFileServer();
        catUrl = images.serve("/photos/cat.jpg", SampleImages.named("cat.jpg").bytes());
        Registration.allowLocalServers(client, images.port());
        ClipIndexes.createImagePipeline(client, INDEX, List.of(Map.of("clip_classify", Map.of(
            "vector_field", ClipIndexes.IMAGE_VECTOR, "target_field", "tags", "labels", TAG_LABELS, "top_k", 2))));
        ClipIndexes.createImageIndex(client, INDEX, ClipIndexes.dimension(client), 1, INDEX);
        client.put("/" + INDEX + "/_mapping", Map.of("properties", Map.of("tags", Map.of("type", "keyword")))).assertOk();
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>(ClipIndexes.sampleDocuments());
        docs.put("small-64", Map.of("file", "small-64.png", "subject", "square", "format", "png", "encoding", "base64",
            "caption", "a red square", "image", redSquarePng(64)));
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody(INDEX, docs)).assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));

        // a document whose image field is not an image, with a vector (copied from the cat) so that searches find it
        Object catVector = client.get("/" + INDEX + "/_doc/cat.jpg-base64").object("_source").get(ClipIndexes.IMAGE_VECTOR);
        client.put("/" + INDEX + "/_doc/broken?pipeline=_none&refresh=true", Map.of("file", "broken", "subject", "broken",
            "format", "none", "caption", "a document whose image is broken", "image", "not base64!!",
            ClipIndexes.IMAGE_VECTOR, catVector)).assertOk();
    }

    @AfterAll
    static void stopTheImageServer() {
        images.close();
    }

    private static String redSquarePng(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, size, size);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /**
     * HTTP/1.1 only: the JDK client would otherwise offer an h2c upgrade, and a large answer after that upgrade was once
     * misread as HTTP/2 frames (the page itself is served to browsers over HTTP/1.1).
     */
    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http().send(HttpRequest.newBuilder(cluster.client().baseUri().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSafeHeaders(HttpResponse<String> response) {
        String csp = response.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'none'"),
            csp);
        assertEquals("DENY", response.headers().firstValue("x-frame-options").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(""));
    }

    @Test
    void thePageIsHtmlThatLoadsItsOwnScriptAndStylesAndCarriesTheSafetyHeaders() throws Exception {
        HttpResponse<String> page = get("/_plugins/_clip/search?index=" + INDEX + "&query=cat");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=UTF-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.body().contains("src=\"/_plugins/_clip/search/app.js\""), page.body());
        assertSafeHeaders(page);
    }

    @Test
    void theScriptAndStylesAreServedWithTheirMediaTypesAndHeaders() throws Exception {
        for (Map.Entry<String, String> file : Map.of("app.js", "text/javascript", "oui.css", "text/css", "app.css", "text/css")
            .entrySet()) {
            HttpResponse<String> asset = get("/_plugins/_clip/search/" + file.getKey());
            assertEquals(200, asset.statusCode(), file.getKey());
            assertTrue(asset.headers().firstValue("content-type").orElse("").startsWith(file.getValue()), file.getKey());
            assertSafeHeaders(asset);
        }
    }

    @Test
    void theScriptIsSentGzippedToABrowserThatAcceptsIt() throws Exception {
        HttpResponse<byte[]> script = http().send(
            HttpRequest.newBuilder(cluster.client().baseUri().resolve("/_plugins/_clip/search/app.js"))
                .header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", script.headers().firstValue("content-encoding").orElse(""), script.headers().toString());
        System.out.printf("app.js sent gzipped: %d bytes%n", script.body().length);
    }

    @Test
    void aFileThePageDoesNotHaveIs404() throws Exception {
        HttpResponse<String> missing = get("/_plugins/_clip/search/secrets.js");
        assertEquals(404, missing.statusCode());
        assertSafeHeaders(missing);
    }

    @Test
    void inARealBrowserEveryCaseOfTheBrowserTestPasses() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no headless browser at " + CHROMIUM);
        assumeTrue(Files.isDirectory(PAGE_SOURCES.resolve("node_modules/playwright-core")),
            "playwright-core is not installed in " + PAGE_SOURCES + " (the Maven build runs npm ci there)");
        Path screenshots = Files.createDirectories(SCREENSHOTS);
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-timeout=240000", "--test-reporter=spec",
            "browser-test/search-page.test.mjs").directory(PAGE_SOURCES.toFile()).redirectErrorStream(true);
        node.environment().putAll(Map.of(
            "CLIP_BASE_URL", cluster.client().baseUri().toString().replaceAll("/$", ""),
            "CLIP_INDEX", INDEX,
            "CLIP_SAMPLE_IMAGES", REPOSITORY.resolve("src/encoder/src/test/resources/images").toString(),
            "CLIP_IMAGE_URL", catUrl,
            "CLIP_SCREENSHOTS", screenshots.toString(),
            "CLIP_CHROMIUM", CHROMIUM.toString()
        ));
        Process run = node.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(1, TimeUnit.MINUTES), "the browser test finished");
        System.out.println(output);
        assertEquals(0, run.exitValue(), "the browser test failed:\n" + output);
    }
}
