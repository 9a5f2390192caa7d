package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.action.admin.indices.mapping.get.GetFieldMappingsRequest;
import org.opensearch.action.admin.indices.mapping.get.GetFieldMappingsResponse.FieldMappingMetadata;
import org.opensearch.clip.plugin.knn.KnnVectorMapping;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.Map;

/** Reads a {@code knn_vector} field's mapping in every index a name resolves to; they must all agree. */
final class FieldMappingReader {
    private final Client client;

    FieldMappingReader(Client client) {
        this.client = client;
    }

    @SuppressWarnings("unchecked")
    void read(String index, String field, ActionListener<KnnVectorMapping> listener) {
        GetFieldMappingsRequest request = new GetFieldMappingsRequest().indices(index).fields(field);
        client.admin().indices().getFieldMappings(request, ActionListener.wrap(response -> {
            KnnVectorMapping agreed = null;
            for (Map.Entry<String, Map<String, FieldMappingMetadata>> perIndex : response.mappings().entrySet()) {
                FieldMappingMetadata metadata = perIndex.getValue().get(field);
                if (metadata == null || metadata.sourceAsMap().isEmpty()) {
                    throw new IllegalArgumentException("index [" + perIndex.getKey() + "] has no field [" + field + "]");
                }
                Object leaf = metadata.sourceAsMap().values().iterator().next();
                KnnVectorMapping mapping = KnnVectorMapping.parse(field, (Map<String, Object>) leaf);
                if (agreed != null && (agreed.dimension() != mapping.dimension() || agreed.space() != mapping.space())) {
                    throw new IllegalArgumentException("[" + index + "] resolves to indices whose field [" + field
                        + "] differs in dimension or space type");
                }
                agreed = mapping;
            }
            if (agreed == null) {
                throw new IllegalArgumentException("no index matches [" + index + "]");
            }
            listener.onResponse(agreed);
        }, listener::onFailure));
    }
}
