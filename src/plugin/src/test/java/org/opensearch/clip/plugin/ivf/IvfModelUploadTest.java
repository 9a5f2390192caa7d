package org.opensearch.clip.plugin.ivf;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IvfModelUploadTest {
    private static String problem(String name, Map<String, Object> body) {
        return assertThrows(IllegalArgumentException.class, () -> IvfModelUpload.fromBody(name, body)).getMessage();
    }

    @Test
    void anUploadBecomesATrainedModel() {
        IvfModel model = IvfModelUpload.fromBody("pets", Map.of("space_type", "l2", "centroids", List.of(List.of(1, 2.5), List.of(0, -1)),
            "description", "mine", "training", Map.of("tool", "numpy")));
        assertEquals(IvfModelState.TRAINED, model.state());
        assertEquals(SpaceType.L2, model.space());
        assertEquals(2, model.nlist());
        assertEquals(2, model.dimension());
        assertEquals(2.5f, model.centroids().centroid(0)[1]);
        assertEquals(Map.of("source", "upload", "tool", "numpy"), model.training());
        assertEquals(SpaceType.COSINE, IvfModelUpload.fromBody("pets", Map.of("centroids", List.of(List.of(1)))).space());
    }

    @Test
    void wrongUploadsNameTheProblem() {
        assertEquals("upload a model by name; versions are assigned: got [pets:2]", problem("pets:2", Map.of()));
        assertEquals("unknown option [centroid]; an upload takes [centroids, description, space_type, training]",
            problem("pets", Map.of("centroid", List.of())));
        assertEquals("[centroids] is required: an array of nlist arrays of dimension numbers", problem("pets", Map.of()));
        assertEquals("[centroids][1] must be a non-empty array of numbers", problem("pets", Map.of("centroids", List.of(List.of(1), 2))));
        assertEquals("[centroids][0][1] must be a number, got [x]", problem("pets", Map.of("centroids", List.of(List.of(1, "x")))));
        assertEquals("[centroids] centroid 1 has 1 dimensions, centroid 0 has 2", problem("pets", Map.of("centroids",
            List.of(List.of(1, 2), List.of(3)))));
        assertEquals("[space_type] space type [dot] must be one of [cosinesimil, innerproduct, l2]", problem("pets",
            Map.of("space_type", "dot", "centroids", List.of(List.of(1)))));
        assertEquals("[training] must be an object (what the training recorded)", problem("pets", Map.of("centroids",
            List.of(List.of(1)), "training", "k-means")));
    }
}
