package org.opensearch.clip.trainer.ivf;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.opensearch.clip.encoder.ivf.Centroids;

import java.util.Map;

/** The body of {@code PUT _plugins/_clip/ivf/models/{name}}: space type, centroids, description, training record. */
final class ModelBody {
    private ModelBody() {}

    static String json(Centroids centroids, String description, Map<String, Object> training) {
        JsonObject body = new JsonObject();
        body.addProperty("space_type", centroids.space().label());
        JsonArray rows = new JsonArray();
        for (float[] centroid : centroids.toArray()) {
            JsonArray row = new JsonArray();
            for (float x : centroid) {
                row.add(x);
            }
            rows.add(row);
        }
        body.add("centroids", rows);
        if (description != null) {
            body.addProperty("description", description);
        }
        JsonObject record = new JsonObject();
        training.forEach((key, value) -> {
            if (value instanceof Number number) {
                record.addProperty(key, number);
            } else if (value instanceof Boolean bool) {
                record.addProperty(key, bool);
            } else {
                record.addProperty(key, String.valueOf(value));
            }
        });
        body.add("training", record);
        return new GsonBuilder().create().toJson(body);
    }
}
