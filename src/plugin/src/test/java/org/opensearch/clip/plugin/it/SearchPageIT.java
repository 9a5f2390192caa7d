package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The search page at {@code GET /_plugins/_clip/search}, served by the node and run in a real headless Chromium
 * ({@code /usr/bin/chromium}; {@code .ci/run} installs it, the browser test is skipped where it is absent).
 */
class SearchPageIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String INDEX = "page";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Pattern HIT = Pattern.compile("<span class=\"rank\">#(\\d+) ([^<]+)</span><span class=\"score\">([0-9.]+)</span>");

    @BeforeAll
    static void indexTheSampleImages() {
        RestClient client = cluster.client();
        ClipIndexes.createImagePipeline(client, INDEX);
        ClipIndexes.createImageIndex(client, INDEX, ClipIndexes.dimension(client), 1, INDEX);
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody(INDEX, ClipIndexes.sampleDocuments()))
            .assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));
    }

    @Test
    void isServedAsHtml() throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(cluster.client().baseUri().resolve("/_plugins/_clip/search")).build(),
            HttpResponse.BodyHandlers.ofString()
        );
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<form id=\"search\""), "the page has its search form");
    }

    @Test
    void showsTheSameHitsAsTheQueryItRunsWithTheirImages() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no headless browser at " + CHROMIUM);
        String text = "a photo of a cat";
        RestResponse direct = cluster.client().post("/" + INDEX + "/_search", Map.of(
            "size", 6,
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_text", text, "k", 6)))
        )).assertOk();
        List<String> expected = ClipIndexes.hitIds(direct);

        String dom = renderedPage("index=" + INDEX + "&labelField=file&k=6&query=" + text.replace(' ', '+'));

        List<String> shown = new ArrayList<>();
        Matcher hit = HIT.matcher(dom);
        while (hit.find()) {
            assertEquals(shown.size() + 1, Integer.parseInt(hit.group(1)), "ranks count up from 1");
            shown.add(hit.group(2));
        }
        assertEquals(expected, shown, "the page lists the query's hits in order:\n" + dom);
        int images = dom.split("<img src=\"data:image/", -1).length - 1;
        assertEquals(expected.size(), images, "every hit shows its image");
        assertTrue(dom.contains("6 hits in"), "the status line counts the hits");
    }

    @Test
    void reportsAFailedSearchOnThePage() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no headless browser at " + CHROMIUM);

        String dom = renderedPage("index=" + INDEX + "&field=caption&query=cat");

        assertTrue(dom.contains("class=\"error\""), dom);
        assertTrue(dom.contains("search failed"), dom);
    }

    /** Loads the page in headless Chromium with the given query string and returns the DOM once its searches are done. */
    private static String renderedPage(String query) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        URI url = cluster.client().baseUri().resolve("/_plugins/_clip/search?" + query);
        Process browser = new ProcessBuilder(
            CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom", url.toString()
        ).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = browser.getInputStream().readAllBytes();
        assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return new String(dom, StandardCharsets.UTF_8);
    }
}
