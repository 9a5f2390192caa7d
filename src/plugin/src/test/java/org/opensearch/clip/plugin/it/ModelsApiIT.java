package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /_plugins/_clip/models}: what an operator sees about the node's CLIP models. */
class ModelsApiIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    @Test
    @SuppressWarnings("unchecked")
    void listsTheDefaultModelLoadedWithTheFactsOfItsBundle() throws IOException {
        Path bundle = cluster.cluster().node(0).configDirectory().resolve("opensearch-clip/models/default");
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(bundle.resolve("clip-model.json")));

        RestResponse models = cluster.client().get("/_plugins/_clip/models").assertOk();

        assertEquals(1, models.number("_nodes.successful"), models.toString());
        assertEquals(0, models.number("_nodes.failed"), models.toString());
        List<Object> list = models.list("nodes.*.models");
        List<Object> defaults = list.stream().filter(m -> Boolean.TRUE.equals(Json.at(m, "default"))).toList();
        assertEquals(1, defaults.size(), "exactly one default model: " + models);
        Map<String, Object> model = (Map<String, Object>) defaults.get(0);
        assertEquals(manifest.get("name"), model.get("name"), models.toString());
        assertEquals(manifest.get("version"), model.get("version"), models.toString());
        assertEquals(((Number) manifest.get("embedding_dim")).intValue(), ((Number) model.get("dimension")).intValue(), models.toString());
        assertEquals("loaded", model.get("state"), models.toString());
        String device = String.valueOf(model.get("device"));
        assertTrue(device.startsWith("cpu") || device.startsWith("gpu"), "device is cpu or gpu: " + models);
        assertEquals(bundle.toString(), model.get("source"), models.toString());
        assertFalse(model.containsKey("error"), models.toString());
    }

    @Test
    void answersForOneNodeById() {
        RestResponse all = cluster.client().get("/_plugins/_clip/models").assertOk();
        String nodeId = all.object("nodes").keySet().iterator().next();

        RestResponse one = cluster.client().get("/_plugins/_clip/" + nodeId + "/models").assertOk();

        assertEquals(List.of(nodeId), List.copyOf(one.object("nodes").keySet()), one.toString());
        assertEquals(cluster.cluster().node(0).nodeName(), one.string("nodes." + nodeId + ".name"));
        assertEquals("loaded", one.string("nodes." + nodeId + ".models.0.state"));
    }
}
