package org.opensearch.clip.plugin.ivf;

import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.common.xcontent.XContentType;
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

    private final Client client;
    private final ClusterService clusterService;

    IvfModelIndex(Client client, ClusterService clusterService) {
        this.client = client;
        this.clusterService = clusterService;
    }

    /** The descriptor that registers the index as a system index. */
    public static SystemIndexDescriptor descriptor() {
        return new SystemIndexDescriptor(NAME, "IVF models of opensearch-clip: centroids and training records");
    }

    /** Whether the index exists in the cluster state this node has. */
    boolean exists() {
        return clusterService.state().metadata().hasIndex(NAME);
    }

    /** Creates the index unless it exists, then answers. */
    void ensure(ActionListener<Void> listener) {
        if (exists()) {
            listener.onResponse(null);
            return;
        }
        CreateIndexRequest request = new CreateIndexRequest(NAME).settings(
            Settings.builder()
                .put("index.number_of_shards", 1)
                .put("index.auto_expand_replicas", "0-1")
                .put("index.hidden", true)
        ).mapping(new BytesArray(MAPPING), XContentType.JSON);
        client.admin().indices().create(request, ActionListener.wrap(response -> listener.onResponse(null), e -> {
            if (e instanceof ResourceAlreadyExistsException) {
                listener.onResponse(null);
            } else {
                listener.onFailure(e);
            }
        }));
    }
}
