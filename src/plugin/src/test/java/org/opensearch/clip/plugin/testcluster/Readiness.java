package org.opensearch.clip.plugin.testcluster;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Waits until a cluster serves: every node joined and the health is yellow or green, then every node's default CLIP
 * model reached state {@code loaded}. Fails early when a node process exits or a model fails to load.
 */
final class Readiness {
    private final List<NodeProcess> nodes;
    private final RestClient client;
    private final long deadlineNanos;

    Readiness(List<NodeProcess> nodes, RestClient client, Duration timeout) {
        this.nodes = nodes;
        this.client = client;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Blocks until the cluster health is yellow or green with all nodes joined. */
    void awaitHealth() {
        String path = "/_cluster/health?wait_for_status=yellow&wait_for_nodes=" + nodes.size() + "&timeout=2s";
        String last = "no answer yet";
        while (true) {
            checkAlive();
            try {
                RestResponse health = client.get(path);
                if (health.status() == 200 && !Boolean.TRUE.equals(health.at("timed_out"))) {
                    return;
                }
                last = health.toString();
            } catch (UncheckedIOException e) {
                last = e.getMessage(); // not listening yet
            }
            pause("cluster health yellow with " + nodes.size() + " node(s)", last);
        }
    }

    /** Blocks until every node reports its default model loaded; returns the models API answer. */
    RestResponse awaitDefaultModelLoaded() {
        String last = "no answer yet";
        while (true) {
            checkAlive();
            RestResponse models = client.get("/_plugins/_clip/models");
            last = models.toString();
            if (models.status() == 200 && loadedEverywhere(models)) {
                return models;
            }
            pause("the default CLIP model loaded on every node", last);
        }
    }

    @SuppressWarnings("unchecked")
    private boolean loadedEverywhere(RestResponse models) {
        Map<String, Object> byNode = models.object("nodes");
        if (byNode.size() < nodes.size()) {
            return false;
        }
        for (Object node : byNode.values()) {
            List<Object> list = (List<Object>) Json.at(node, "models");
            Map<String, Object> defaultModel = list.stream().map(m -> (Map<String, Object>) m)
                .filter(m -> Boolean.TRUE.equals(m.get("default"))).findFirst().orElse(null);
            if (defaultModel == null) {
                throw new IllegalStateException("a node has no default CLIP model: " + models + logs());
            }
            if ("failed".equals(defaultModel.get("state"))) {
                throw new IllegalStateException("the default CLIP model failed to load: " + defaultModel.get("error") + logs());
            }
            if (!"loaded".equals(defaultModel.get("state"))) {
                return false;
            }
        }
        return true;
    }

    private void checkAlive() {
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                throw new IllegalStateException(node.spec().nodeName() + " exited with code " + node.exitValue()
                    + " while starting" + logs());
            }
        }
    }

    private void pause(String waitingFor, String last) {
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException("timed out waiting for " + waitingFor + "; last answer: " + last + logs());
        }
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (NodeProcess node : nodes) {
            out.append("\n--- last lines of ").append(node.spec().consoleLog()).append(" ---\n").append(node.logTail(60));
        }
        return out.toString();
    }
}
