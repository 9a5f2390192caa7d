package org.opensearch.clip.plugin.ivf;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.Centroids;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IvfModelTest {
    private static final float[][] ROWS = {{0.6f, 0.8f, 0f}, {0f, 0f, 1f}};

    @Test
    void aTrainingModelBecomesTrainedAndSurvivesStorage() {
        IvfModel training = IvfModel.training("pets", SpaceType.COSINE, 3, 2, "two lists", Map.of("index", "pets", "nlist", 2))
            .withVersion(4);
        assertEquals(IvfModelState.TRAINING, training.state());
        assertNull(training.centroids());
        IvfModel trained = training.completed(new Centroids(SpaceType.COSINE, ROWS), Map.of("iterations", 3));
        assertEquals(IvfModelState.TRAINED, trained.state());
        assertEquals(3, trained.training().get("iterations"));
        assertEquals("pets", trained.training().get("index"));

        IvfModel stored = IvfModel.fromSource(trained.toSource(), true);
        assertEquals("pets:4", stored.ref().toString());
        assertEquals(IvfModelState.TRAINED, stored.state());
        assertEquals(SpaceType.COSINE, stored.space());
        assertEquals(3, stored.dimension());
        assertEquals(2, stored.nlist());
        assertArrayEquals(ROWS[0], stored.centroids().centroid(0));
        assertArrayEquals(ROWS[1], stored.centroids().centroid(1));
        assertNull(IvfModel.fromSource(trained.toSource(), false).centroids(), "centroids are decoded only when asked for");
    }

    @Test
    void failedModelsKeepTheReason() {
        IvfModel failed = IvfModel.training("pets", SpaceType.L2, 3, 2, null, Map.of()).withVersion(1).failed("cancelled");
        IvfModel stored = IvfModel.fromSource(failed.toSource(), true);
        assertEquals(IvfModelState.FAILED, stored.state());
        assertEquals("cancelled", stored.error());
    }

    @Test
    void centroidsMustFitTheModel() {
        IvfModel training = IvfModel.training("pets", SpaceType.COSINE, 3, 3, null, Map.of()).withVersion(1);
        assertThrows(IllegalArgumentException.class, () -> training.completed(new Centroids(SpaceType.COSINE, ROWS), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> training.completed(new Centroids(SpaceType.L2, new float[][] {{1, 0, 0},
            {0, 1, 0}, {0, 0, 1}}), Map.of()));
    }

    @Test
    void theApiShowsCentroidsOnlyWhenAsked() throws IOException {
        IvfModel model = IvfModel.trained("pets", new Centroids(SpaceType.INNER_PRODUCT, ROWS), "d", Map.of("source", "upload"))
            .withVersion(2);
        Map<String, Object> without = asMap(model, false);
        assertEquals("pets:2", without.get("model"));
        assertEquals("trained", without.get("state"));
        assertEquals("innerproduct", without.get("space_type"));
        assertEquals(false, without.containsKey("centroids"));
        List<?> centroids = (List<?>) asMap(model, true).get("centroids");
        assertEquals(2, centroids.size());
        assertEquals(List.of(0.6, 0.8, 0.0), ((List<?>) centroids.get(0)).stream().map(x -> Math.round(((Number) x).doubleValue() * 10) / 10.0)
            .toList());
    }

    private static Map<String, Object> asMap(IvfModel model, boolean centroids) throws IOException {
        BytesReference json = BytesReference.bytes(model.toXContent(JsonXContent.contentBuilder(), centroids));
        return XContentHelper.convertToMap(json, true, XContentType.JSON).v2();
    }

    @Test
    void centroidCodecRoundTrips() {
        assertArrayEquals(ROWS[1], CentroidCodec.decode(CentroidCodec.encode(ROWS), 2, 3)[1]);
        assertThrows(IllegalStateException.class, () -> CentroidCodec.decode(CentroidCodec.encode(ROWS), 3, 3));
    }
}
