package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.transport.client.Client;

/**
 * The system index {@code .clip-label-sets} that holds label sets, one document per name ({@code _id = name}; the
 * document's version is the set's version); created with its mapping when the first set is stored.
 */
public final class LabelSetIndex {
    /** The index name. */
    public static final String NAME = ".clip-label-sets";

    private static final String MAPPING = """
        {
          "dynamic": false,
          "_meta": {"schema_version": 1},
          "properties": {
            "name":        {"type": "keyword"},
            "labels":      {"type": "keyword"},
            "templates":   {"type": "keyword", "index": false},
            "prompts":     {"type": "object", "enabled": false},
            "description": {"type": "text", "index": false},
            "updated_at":  {"type": "date", "format": "epoch_millis"}
          }
        }""";

    private final PluginIndex index;

    LabelSetIndex(Client client, ClusterService clusterService) {
        this.index = new PluginIndex(NAME, MAPPING, client, clusterService);
    }

    /** The descriptor that registers the index as a system index. */
    public static SystemIndexDescriptor descriptor() {
        return new SystemIndexDescriptor(NAME, "label sets of opensearch-clip's zero-shot classification");
    }

    /** Whether the index exists in the cluster state this node has. */
    boolean exists() {
        return index.exists();
    }

    /** Creates the index unless it exists, then answers. */
    void ensure(ActionListener<Void> listener) {
        index.ensure(listener);
    }
}
