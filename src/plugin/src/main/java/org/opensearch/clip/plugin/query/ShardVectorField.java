package org.opensearch.clip.plugin.query;

import org.opensearch.clip.plugin.knn.KnnVectorMapping;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.mapper.DocumentMapper;
import org.opensearch.index.mapper.Mapper;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;
import java.util.Map;

/** Reads a {@code knn_vector} field's mapping on a shard, from the field mapper's own description of itself. */
final class ShardVectorField {
    private ShardVectorField() {}

    /**
     * The mapping of a vector field in the shard's index.
     *
     * @throws IllegalArgumentException when the index has no such field or it is not a float {@code knn_vector} field
     */
    @SuppressWarnings("unchecked")
    static KnnVectorMapping of(QueryShardContext context, String field) throws IOException {
        DocumentMapper documentMapper = context.getMapperService().documentMapper();
        Mapper mapper = documentMapper == null ? null : documentMapper.mappers().getMapper(field);
        if (mapper == null) {
            throw new IllegalArgumentException("index [" + context.index().getName() + "] has no field [" + field + "]");
        }
        XContentBuilder json = JsonXContent.contentBuilder().startObject();
        mapper.toXContent(json, ToXContent.EMPTY_PARAMS);
        json.endObject();
        Map<String, Object> wrapped = XContentHelper.convertToMap(BytesReference.bytes(json), false, XContentType.JSON).v2();
        Object leaf = wrapped.values().iterator().next();
        return KnnVectorMapping.parse(field, (Map<String, Object>) leaf);
    }
}
