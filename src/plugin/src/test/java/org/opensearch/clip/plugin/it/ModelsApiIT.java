package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /_plugins/_clip/models on a real node. */
class ModelsApiIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    @Test
    void listsTheDefaultModelAsLoaded() {
        RestResponse models = cluster.client().get("/_plugins/_clip/models").assertOk();
        System.out.println(models);
        assertEquals("loaded", models.string("nodes.*.models.0.state"));
    }
}
