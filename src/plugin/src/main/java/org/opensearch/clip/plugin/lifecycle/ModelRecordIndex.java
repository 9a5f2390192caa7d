package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.clip.plugin.sysindex.PluginIndex;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.routing.IndexRoutingTable;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.transport.client.Client;

/**
 * The system index {@code .clip-models}: the models registered through the API (and the unloaded state of
 * config-directory ones), one document per model name; created with its mapping when the first model is registered.
 */
public final class ModelRecordIndex {
    /** The index name. */
    public static final String NAME = ".clip-models";

    private static final String MAPPING = """
        {
          "dynamic": false,
          "_meta": {"schema_version": 1},
          "properties": {
            "name":       {"type": "keyword"},
            "source":     {"type": "object", "enabled": false},
            "loaded":     {"type": "boolean"},
            "updated_at": {"type": "date", "format": "epoch_millis"}
          }
        }""";

    private final PluginIndex index;

    ModelRecordIndex(Client client, ClusterService clusterService) {
        this.index = new PluginIndex(NAME, MAPPING, client, clusterService);
    }

    /** The descriptor that registers the index as a system index. */
    public static SystemIndexDescriptor descriptor() {
        return new SystemIndexDescriptor(NAME, "models registered with opensearch-clip, loaded by every node");
    }

    /** Whether the index exists in the cluster state this node has. */
    boolean exists() {
        return index.exists();
    }

    /** Whether the index exists and its primary shard can serve reads in {@code state}. */
    static boolean readable(ClusterState state) {
        IndexRoutingTable routing = state.routingTable().index(NAME);
        return routing != null && routing.allPrimaryShardsActive();
    }

    /** Creates the index unless it exists, then answers. */
    void ensure(ActionListener<Void> listener) {
        index.ensure(listener);
    }
}
