package org.opensearch.clip.plugin.it;

import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Model registration over REST for the integration tests: the operator catalog file, the register call, waiting. */
final class Registration {
    private Registration() {}

    /** Writes {@code config/opensearch-clip/catalog.json} on every node (read by each register request). */
    static void writeOperatorCatalog(ClipCluster cluster, Map<String, Object> models) {
        String json = Json.write(Map.of("format_version", 1, "models", models));
        for (int i = 0; i < cluster.size(); i++) {
            Path file = cluster.node(i).configDirectory().resolve("opensearch-clip/catalog.json");
            try {
                Files.writeString(file, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A catalog entry: an archive and a vocabulary (URL and sha256 each) and the manifest values. */
    static Map<String, Object> entry(String archiveUrl, String archiveSha256, String vocabularyUrl, String vocabularySha256,
        Map<String, Object> manifest) {
        return Map.of(
            "archive", Map.of("url", archiveUrl, "sha256", archiveSha256),
            "vocabulary", Map.of("url", vocabularyUrl, "sha256", vocabularySha256),
            "manifest", manifest
        );
    }

    /**
     * Opens the node's outbound policy to the test's own servers: 127.0.0.1 (refused by default, as loopback) and
     * exactly {@code ports} (80 and 443 by default), through the dynamic clip.fetch settings.
     */
    static void allowLocalServers(RestClient client, int... ports) {
        List<String> allowed = java.util.Arrays.stream(ports).mapToObj(String::valueOf).toList();
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.fetch.allowed_cidrs", List.of("127.0.0.1/32"),
            "clip.fetch.allowed_ports", allowed))).assertOk();
    }

    /** A bundle directory as a zip; with {@code from}/{@code to}, the manifest's model name replaced. */
    static byte[] bundleZip(Path directory, String from, String to) throws IOException {
        return org.opensearch.clip.plugin.testcluster.BundleZip.of(directory, from, to);
    }

    /** Each node's state of {@code model} by node name ({@code absent} where a node does not list it). */
    @SuppressWarnings("unchecked")
    static Map<String, String> states(RestClient client, String model) {
        RestResponse models = client.get("/_plugins/_clip/models").assertOk();
        Map<String, String> out = new java.util.TreeMap<>();
        for (Object node : models.object("nodes").values()) {
            String state = "absent";
            for (Object m : (List<Object>) Json.at(node, "models")) {
                if (model.equals(Json.at(m, "name"))) {
                    state = String.valueOf(Json.at(m, "state"));
                }
            }
            out.put(String.valueOf(Json.at(node, "name")), state);
        }
        return out;
    }

    /** Each node's default model by node name. */
    @SuppressWarnings("unchecked")
    static Map<String, String> defaults(RestClient client) {
        RestResponse models = client.get("/_plugins/_clip/models").assertOk();
        Map<String, String> out = new java.util.TreeMap<>();
        for (Object node : models.object("nodes").values()) {
            for (Object m : (List<Object>) Json.at(node, "models")) {
                if (Boolean.TRUE.equals(Json.at(m, "default"))) {
                    out.put(String.valueOf(Json.at(node, "name")), String.valueOf(Json.at(m, "name")));
                }
            }
        }
        return out;
    }

    /** Waits until every node shows {@code model} in {@code state} ({@code absent} for not listed); returns the states. */
    static Map<String, String> awaitState(RestClient client, String model, String state, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        Map<String, String> last = states(client, model);
        while (!last.values().stream().allMatch(state::equals) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = states(client, model);
        }
        return last;
    }

    /** POST _plugins/_clip/models/_register with {@code body}. */
    static RestResponse register(RestClient client, Map<String, Object> body) {
        return client.post("/_plugins/_clip/models/_register", body);
    }

    /** Waits until {@code model} is loaded or failed on every node; returns its entries, one per node. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> awaitSettled(RestClient client, String model, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        RestResponse last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("/_plugins/_clip/models").assertOk();
            List<Map<String, Object>> entries = new java.util.ArrayList<>();
            for (Object node : last.object("nodes").values()) {
                for (Object m : (List<Object>) Json.at(node, "models")) {
                    if (model.equals(Json.at(m, "name"))) {
                        entries.add((Map<String, Object>) m);
                    }
                }
            }
            boolean settled = entries.size() == last.object("nodes").size()
                && entries.stream().allMatch(e -> "loaded".equals(e.get("state")) || "failed".equals(e.get("state")));
            if (settled) {
                return entries;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("model " + model + " did not settle in " + timeoutSeconds + " s: " + last);
    }
}
