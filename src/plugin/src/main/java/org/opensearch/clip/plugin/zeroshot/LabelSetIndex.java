package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
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

    private final Client client;
    private final ClusterService clusterService;

    LabelSetIndex(Client client, ClusterService clusterService) {
        this.client = client;
        this.clusterService = clusterService;
    }

    /** The descriptor that registers the index as a system index. */
    public static SystemIndexDescriptor descriptor() {
        return new SystemIndexDescriptor(NAME, "label sets of opensearch-clip's zero-shot classification");
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
            Settings.builder().put("index.number_of_shards", 1).put("index.auto_expand_replicas", "0-1").put("index.hidden", true)
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
