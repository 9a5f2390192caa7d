package org.opensearch.clip.plugin.knn;

import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.Map;

/**
 * What the plugin needs to know of a {@code knn_vector} field, read from its mapping (the plugin has no compile-time
 * dependency on the k-NN plugin): the dimension and the space type ({@code method.space_type} or the top-level
 * {@code space_type}; the k-NN plugin's default {@code l2} when neither is set).
 *
 * @param field     the field's full name
 * @param dimension the vector length
 * @param space     the space type
 */
public record KnnVectorMapping(String field, int dimension, SpaceType space) {
    /** The k-NN plugin's field type name. */
    public static final String TYPE = "knn_vector";

    /**
     * Reads the mapping of one field (the object holding {@code type}).
     *
     * @throws IllegalArgumentException when it is not a float {@code knn_vector} field with a dimension
     */
    public static KnnVectorMapping parse(String field, Map<String, Object> mapping) {
        Object type = mapping.get("type");
        if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("field [" + field + "] is a [" + type + "] field, not a [" + TYPE + "] field");
        }
        if (mapping.containsKey("model_id")) {
            throw new IllegalArgumentException("field [" + field + "] is built from k-NN model [" + mapping.get("model_id")
                + "]; exact and IVF search need a field with its own dimension and space_type");
        }
        Object dataType = mapping.get("data_type");
        if (dataType != null && !"float".equals(dataType)) {
            throw new IllegalArgumentException("field [" + field + "] holds [" + dataType + "] vectors; exact and IVF search need float vectors");
        }
        if (!(mapping.get("dimension") instanceof Number dimension)) {
            throw new IllegalArgumentException("field [" + field + "] has no dimension in its mapping");
        }
        Object spaceType = mapping.get("space_type");
        if (mapping.get("method") instanceof Map<?, ?> method && method.get("space_type") != null) {
            spaceType = method.get("space_type");
        }
        SpaceType space = spaceType == null ? SpaceType.L2 : SpaceType.fromLabel(spaceType.toString());
        return new KnnVectorMapping(field, dimension.intValue(), space);
    }
}
