package org.opensearch.clip.plugin.sysindex;

import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.transport.client.Client;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One of the plugin's system indices (hidden, one shard, a replica where a second node exists): created with its
 * mapping when first written, and read and written by the plugin in a clean thread context rather than as the user
 * whose request led there.
 */
public final class PluginIndex {
    private final String name;
    private final String mapping;
    private final Client client;
    private final ClusterService clusterService;

    /** An index of that name and mapping (JSON), reached through the node's client. */
    public PluginIndex(String name, String mapping, Client client, ClusterService clusterService) {
        this.name = name;
        this.mapping = mapping;
        this.client = client;
        this.clusterService = clusterService;
    }

    /** Whether the index exists in the cluster state this node has. */
    public boolean exists() {
        return clusterService.state().metadata().hasIndex(name);
    }

    /** Creates the index unless it exists, then answers. */
    public void ensure(ActionListener<Void> listener) {
        if (exists()) {
            listener.onResponse(null);
            return;
        }
        CreateIndexRequest request = new CreateIndexRequest(name).settings(
            Settings.builder().put("index.number_of_shards", 1).put("index.auto_expand_replicas", "0-1").put("index.hidden", true)
        ).mapping(new BytesArray(mapping), XContentType.JSON);
        client.admin().indices().create(request, ActionListener.wrap(response -> listener.onResponse(null), e -> {
            if (e instanceof ResourceAlreadyExistsException) {
                listener.onResponse(null);
            } else {
                listener.onFailure(e);
            }
        }));
    }

    /** Runs an operation on a system index in a clean thread context and answers in the caller's context. */
    public static <T> void asPlugin(ThreadContext threadContext, Consumer<ActionListener<T>> operation, ActionListener<T> listener) {
        Supplier<ThreadContext.StoredContext> restore = threadContext.newRestorableContext(false);
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            operation.accept(new ContextPreservingActionListener<>(restore, listener));
        }
    }
}
