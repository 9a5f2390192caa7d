package org.opensearch.clip.plugin.knn;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KnnVectorMappingTest {
    @Test
    void readsTheSpaceFromTheMethodOrTheField() {
        KnnVectorMapping hnsw = KnnVectorMapping.parse("v", Map.of("type", "knn_vector", "dimension", 32, "method",
            Map.of("name", "hnsw", "engine", "lucene", "space_type", "innerproduct")));
        assertEquals(new KnnVectorMapping("v", 32, SpaceType.INNER_PRODUCT), hnsw);
        KnnVectorMapping flat = KnnVectorMapping.parse("v", Map.of("type", "knn_vector", "dimension", 8, "space_type", "cosinesimil"));
        assertEquals(SpaceType.COSINE, flat.space());
        assertEquals(SpaceType.L2, KnnVectorMapping.parse("v", Map.of("type", "knn_vector", "dimension", 8)).space(),
            "the k-NN plugin's default space type");
    }

    @Test
    void refusesWhatExactAndIvfCannotSearch() {
        assertEquals("field [v] is a [keyword] field, not a [knn_vector] field", assertThrows(IllegalArgumentException.class,
            () -> KnnVectorMapping.parse("v", Map.of("type", "keyword"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KnnVectorMapping.parse("v", Map.of("type", "knn_vector", "model_id", "m")));
        assertThrows(IllegalArgumentException.class, () -> KnnVectorMapping.parse("v", Map.of("type", "knn_vector", "dimension", 8,
            "data_type", "byte")));
        assertThrows(IllegalArgumentException.class, () -> KnnVectorMapping.parse("v", Map.of("type", "knn_vector")));
    }
}
