package org.opensearch.clip.plugin.bench.ingest;

import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.BundleZip;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.common.settings.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's {@code --bundle DIR}: the same bundle as the in-process baseline's model and as the node's default
 * model, registered by URL from a server on 127.0.0.1 (the outbound policy opened to it) as an operator would.
 */
final class BundleUnderTest {
    private BundleUnderTest() {}

    /** An in-process node whose default model is {@code bundle}. */
    static TinyClipNode inProcess(Path bundle) throws IOException {
        Path models = Files.createTempDirectory("bench-models");
        Files.createSymbolicLink(models.resolve("default"), bundle);
        return new TinyClipNode(models, 1, Settings.EMPTY, 256L << 20);
    }

    /** Registers {@code bundle} on the node, waits until it is loaded and makes it the default; returns its name. */
    static String registerAsDefault(RestClient client, Path bundle) throws IOException, InterruptedException {
        String name = String.valueOf(((Map<?, ?>) Json.parse(Files.readString(bundle.resolve("clip-model.json"), StandardCharsets.UTF_8)))
            .get("name"));
        byte[] zip = BundleZip.of(bundle);
        LocalFileServer server = new LocalFileServer(); // stays up for the run: nodes that restart would fetch it again
        String url = server.serve("/bundle.zip", zip);
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.fetch.allowed_cidrs", List.of("127.0.0.1/32"),
            "clip.fetch.allowed_ports", List.of(String.valueOf(server.port()))))).assertOk();
        System.out.println("[bench] registering " + name + " (" + zip.length / (1 << 20) + " MB zip) ...");
        client.post("/_plugins/_clip/models/_register", Map.of("name", name, "url", url, "sha256", LocalFileServer.sha256(zip))).assertOk();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!"loaded".equals(state(client, name))) {
            if (System.nanoTime() > deadline || "failed".equals(state(client, name))) {
                throw new IllegalStateException("model " + name + " did not load: " + client.get("/_plugins/_clip/models").assertOk());
            }
            Thread.sleep(500);
        }
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.default_model", name))).assertOk();
        return "model " + name;
    }

    private static String state(RestClient client, String name) {
        for (Object node : client.get("/_plugins/_clip/models").assertOk().object("nodes").values()) {
            for (Object model : (List<?>) Json.at(node, "models")) {
                if (name.equals(Json.at(model, "name"))) {
                    return String.valueOf(Json.at(model, "state"));
                }
            }
        }
        return "absent";
    }
}
