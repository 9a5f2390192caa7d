package org.opensearch.clip.plugin.ivf.train;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.KMeansOptions;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.ToXContent;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainIvfModelRequestTest {
    private static String problem(String name, Map<String, Object> body) {
        return assertThrows(IllegalArgumentException.class, () -> TrainIvfModelRequest.fromBody(name, body)).getMessage();
    }

    @Test
    void defaultsComeFromTheIndexAndKMeans() {
        TrainIvfModelRequest request = TrainIvfModelRequest.fromBody("pets", Map.of("index", "images", "field", "image_vector"));
        assertNull(request.nlist());
        assertNull(request.sampleSize());
        assertNull(request.space());
        KMeansOptions options = request.kmeansOptions(64);
        assertEquals(KMeansOptions.DEFAULT_MAX_ITERATIONS, options.maxIterations());
        assertEquals(KMeansOptions.DEFAULT_TOLERANCE, options.tolerance());
        assertEquals(KMeansOptions.DEFAULT_SEED, options.seed());
        assertFalse(request.getShouldStoreResult());
    }

    @Test
    void travelsBetweenNodes() throws IOException {
        TrainIvfModelRequest request = TrainIvfModelRequest.fromBody("pets", Map.of("index", "images", "field", "v", "nlist", 16,
            "sample_size", 4000, "max_iterations", 10, "tolerance", 0.01, "seed", 5, "space_type", "l2", "description", "d"));
        request.storeResult(true);
        BytesStreamOutput out = new BytesStreamOutput();
        request.writeTo(out);
        TrainIvfModelRequest read = new TrainIvfModelRequest(out.bytes().streamInput());
        assertEquals(16, read.nlist());
        assertEquals(4000, read.sampleSize());
        assertEquals(SpaceType.L2, read.space());
        assertEquals("d", read.description());
        assertEquals(5, read.seed());
        assertEquals(new KMeansOptions(16, 10, 0.01, 5), read.kmeansOptions(16));
        assertTrue(read.getShouldStoreResult());
        assertEquals("train IVF model [pets] on [images][v]", read.getDescription());
    }

    @Test
    void wrongBodiesNameTheOption() {
        assertEquals("[index] is required: the index to sample", problem("pets", Map.of("field", "v")));
        assertEquals("[field] is required: the knn_vector field to sample", problem("pets", Map.of("index", "i")));
        assertTrue(problem("pets", Map.of("index", "i", "field", "v", "nlists", 3)).startsWith("unknown option [nlists]; training takes"));
        assertEquals("[nlist] must be an integer, got [many]", problem("pets", Map.of("index", "i", "field", "v", "nlist", "many")));
        assertEquals("nlist must be between 1 and 65536, got 0", problem("pets", Map.of("index", "i", "field", "v", "nlist", 0)));
        assertEquals("max_iterations must be between 1 and 1000, got 5000", problem("pets", Map.of("index", "i", "field", "v",
            "max_iterations", 5000)));
        assertEquals("[sample_size] 10 must be at least nlist 20", problem("pets", Map.of("index", "i", "field", "v", "nlist", 20,
            "sample_size", 10)));
        assertEquals("[space_type] space type [hamming] must be one of [cosinesimil, innerproduct, l2]", problem("pets",
            Map.of("index", "i", "field", "v", "space_type", "hamming")));
        assertEquals("train a model by name; versions are assigned: got [pets:2]", problem("pets:2", Map.of("index", "i", "field", "v")));
        assertTrue(problem("Pets", Map.of("index", "i", "field", "v")).startsWith("IVF model name [Pets] must be"));
    }

    @Test
    void theStatusTravelsAndShowsProgress() throws IOException {
        IvfTrainingStatus status = new IvfTrainingStatus("pets:3", TrainingPhase.CLUSTERING, 5000, 8000, 4, 25, 0.91, 120);
        BytesStreamOutput out = new BytesStreamOutput();
        status.writeTo(out);
        assertEquals(status, new IvfTrainingStatus(out.bytes().streamInput()));
        Map<String, Object> shown = XContentHelper.convertToMap(BytesReference.bytes(status.toXContent(JsonXContent.contentBuilder(),
            ToXContent.EMPTY_PARAMS)), true, XContentType.JSON).v2();
        assertEquals("clustering", shown.get("phase"));
        assertEquals(4, shown.get("iteration"));
        assertEquals(5000, shown.get("vectors_sampled"));
        Map<String, Object> early = XContentHelper.convertToMap(BytesReference.bytes(new IvfTrainingStatus("pets", TrainingPhase.PREPARING,
            0, 0, 0, 0, Double.NaN, 0).toXContent(JsonXContent.contentBuilder(), ToXContent.EMPTY_PARAMS)), true, XContentType.JSON).v2();
        assertFalse(early.containsKey("objective"), "no objective before the first iteration");
    }
}
