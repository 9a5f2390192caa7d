package org.opensearch.clip.trainer.ivf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The vectors of a {@code knn_vector} field of an index, read over HTTP with a scroll ({@code _source} of the field
 * only); its space type and dimension come from the field's mapping.
 */
final class IndexVectors implements VectorSource {
    private static final int PAGE = 1000;

    private final OpenSearchHttp http;
    private final String index;
    private final String field;

    IndexVectors(OpenSearchHttp http, String index, String field) {
        this.http = http;
        this.index = index;
        this.field = field;
    }

    /** The space type in the field's mapping (the k-NN plugin's default l2 when it names none). */
    SpaceType space() throws IOException {
        JsonElement answer = http.send("GET", "/" + encode(index) + "/_mapping/field/" + encode(field), null);
        for (var perIndex : answer.getAsJsonObject().entrySet()) {
            JsonObject mappings = perIndex.getValue().getAsJsonObject().getAsJsonObject("mappings");
            if (mappings == null || !mappings.has(field)) {
                continue;
            }
            JsonObject leaf = mappings.getAsJsonObject(field).getAsJsonObject("mapping").entrySet().iterator().next().getValue()
                .getAsJsonObject();
            if (!"knn_vector".equals(leaf.get("type").getAsString())) {
                throw new IllegalArgumentException("field [" + field + "] of [" + index + "] is a [" + leaf.get("type").getAsString()
                    + "] field, not a knn_vector field");
            }
            JsonElement space = leaf.has("method") && leaf.getAsJsonObject("method").has("space_type")
                ? leaf.getAsJsonObject("method").get("space_type")
                : leaf.get("space_type");
            return space == null ? SpaceType.L2 : SpaceType.fromLabel(space.getAsString());
        }
        throw new IllegalArgumentException("[" + index + "] has no field [" + field + "]");
    }

    @Override
    public void forEach(Consumer<float[]> sink) throws IOException {
        String query = "{\"size\":" + PAGE + ",\"sort\":[\"_doc\"],\"_source\":[\"" + field + "\"],\"query\":{\"exists\":{\"field\":\""
            + field + "\"}}}";
        JsonObject page = http.send("POST", "/" + encode(index) + "/_search?scroll=2m", query).getAsJsonObject();
        String scrollId = page.get("_scroll_id").getAsString();
        try {
            while (true) {
                JsonArray hits = page.getAsJsonObject("hits").getAsJsonArray("hits");
                if (hits.isEmpty()) {
                    return;
                }
                for (JsonElement hit : hits) {
                    sink.accept(vectorOf(hit.getAsJsonObject()));
                }
                page = http.send("POST", "/_search/scroll", "{\"scroll\":\"2m\",\"scroll_id\":\"" + scrollId + "\"}").getAsJsonObject();
                scrollId = page.get("_scroll_id").getAsString();
            }
        } finally {
            http.send("DELETE", "/_search/scroll", "{\"scroll_id\":\"" + scrollId + "\"}");
        }
    }

    private float[] vectorOf(JsonObject hit) {
        JsonElement value = hit.get("_source");
        for (String part : field.split("\\.")) {
            value = value != null && value.isJsonObject() ? value.getAsJsonObject().get(part) : null;
        }
        if (value == null || !value.isJsonArray()) {
            throw new IllegalArgumentException("document [" + hit.get("_id").getAsString() + "] has no vector in [" + field + "] in _source");
        }
        JsonArray array = value.getAsJsonArray();
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = array.get(i).getAsFloat();
        }
        return vector;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return http.base() + "/" + index + " [" + field + "]";
    }
}
