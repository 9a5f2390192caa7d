package org.opensearch.clip.plugin.ivf;

import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.transport.client.Client;

/**
 * The system index {@code .clip-ivf-models} that holds IVF models, one document per version
 * ({@code _id = name:version}); created with its mapping when the first model is stored. It is an ordinary index
 * underneath, so models survive restarts and replicate like any data.
 */
public final class IvfModelIndex {
    /** The index name. */
    public static final String NAME = ".clip-ivf-models";

    private static final String MAPPING = """
        {
          "dynamic": false,
          "_meta": {"schema_version": 1},
          "properties": {
            "name":        {"type": "keyword"},
            "version":     {"type": "integer"},
            "state":       {"type": "keyword"},
            "space_type":  {"type": "keyword"},
            "dimension":   {"type": "integer"},
            "nlist":       {"type": "integer"},
            "created_at":  {"type": "date", "format": "epoch_millis"},
            "description": {"type": "text", "index": false},
            "error":       {"type": "text", "index": false},
            "centroids":   {"type": "binary"},
            "training":    {"type": "object", "enabled": false}
          }
        }""";

    private final PluginIndex index;

    IvfModelIndex(Client client, ClusterService clusterService) {
        this.index = new PluginIndex(NAME, MAPPING, client, clusterService);
    }

    /** The descriptor that registers the index as a system index. */
    public static SystemIndexDescriptor descriptor() {
        return new SystemIndexDescriptor(NAME, "IVF models of opensearch-clip: centroids and training records");
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
