package org.opensearch.clip.plugin.testcluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test and demo fixtures over REST: the default model's facts from the models API, a {@code clip_embedding}
 * pipeline, an image index whose vector fields take the model's dimension, and bulk loading of the sample images.
 */
public final class ClipIndexes {
    /** The vector field the image is embedded into. */
    public static final String IMAGE_VECTOR = "image_vector";
    /** The vector field the caption is embedded into. */
    public static final String CAPTION_VECTOR = "caption_vector";

    private ClipIndexes() {}

    /** The default model's entry in the models API of the first answering node. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> defaultModel(RestClient client) {
        RestResponse models = client.get("/_plugins/_clip/models").assertOk();
        for (Object node : models.object("nodes").values()) {
            for (Object model : (List<Object>) Json.at(node, "models")) {
                if (Boolean.TRUE.equals(Json.at(model, "default"))) {
                    return (Map<String, Object>) model;
                }
            }
        }
        throw new AssertionError("no default model in " + models);
    }

    /** The default model's embedding dimension. */
    public static int dimension(RestClient client) {
        return ((Number) defaultModel(client).get("dimension")).intValue();
    }

    /** A pipeline embedding {@code image} into {@link #IMAGE_VECTOR} and {@code caption} into {@link #CAPTION_VECTOR}. */
    public static void createImagePipeline(RestClient client, String pipeline) {
        createImagePipeline(client, pipeline, List.of());
    }

    /** The same pipeline with the processors {@code after} run after the embedding (a {@code clip_classify}, say). */
    public static void createImagePipeline(RestClient client, String pipeline, List<Map<String, Object>> after) {
        List<Map<String, Object>> processors = new ArrayList<>();
        processors.add(Map.of("clip_embedding", Map.of("field_map", Map.of(
            "image", IMAGE_VECTOR,
            "caption", Map.of("target", CAPTION_VECTOR, "type", "text")))));
        processors.addAll(after);
        client.put("/_ingest/pipeline/" + pipeline, Map.of(
            "description", "embed images and captions with the default CLIP model",
            "processors", processors)).assertOk();
    }

    /** The mapping of a {@code knn_vector} field searched with Lucene HNSW and cosine similarity. */
    public static Map<String, Object> vectorField(int dimension) {
        return Map.of(
            "type", "knn_vector",
            "dimension", dimension,
            "method", Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil",
                "parameters", Map.of("m", 16, "ef_construction", 128))
        );
    }

    /**
     * An index for the sample images: keyword metadata, the caption as text, the raw image kept in _source only,
     * and both vector fields; documents go through {@code pipeline} by default (null for none).
     */
    public static void createImageIndex(RestClient client, String index, int dimension, int shards, String pipeline) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("knn", true);
        settings.put("number_of_shards", shards);
        settings.put("number_of_replicas", 0);
        if (pipeline != null) {
            settings.put("default_pipeline", pipeline);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("file", Map.of("type", "keyword"));
        properties.put("subject", Map.of("type", "keyword"));
        properties.put("format", Map.of("type", "keyword"));
        properties.put("encoding", Map.of("type", "keyword"));
        properties.put("caption", Map.of("type", "text"));
        properties.put("image", Map.of("type", "object", "enabled", false));
        properties.put(IMAGE_VECTOR, vectorField(dimension));
        properties.put(CAPTION_VECTOR, vectorField(dimension));
        client.put("/" + index, Map.of("settings", Map.of("index", settings), "mappings", Map.of("properties", properties)))
            .assertOk();
    }

    /** The source of a sample-image document, the image given as plain base64 or as a data URI. */
    public static Map<String, Object> document(SampleImages.Image image, boolean dataUri) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", image.file());
        doc.put("subject", image.subject());
        doc.put("format", image.format());
        doc.put("encoding", dataUri ? "data_uri" : "base64");
        doc.put("caption", image.caption());
        doc.put("image", dataUri ? image.dataUri() : image.base64());
        return doc;
    }

    /** The id of a sample image's document: {@code <file>-base64} or {@code <file>-datauri}. */
    public static String id(SampleImages.Image image, boolean dataUri) {
        return image.file() + (dataUri ? "-datauri" : "-base64");
    }

    /** The bulk body indexing {@code docs} (id to source) into {@code index}. */
    public static String bulkBody(String index, Map<String, Map<String, Object>> docs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<String, Object>> doc : docs.entrySet()) {
            out.append(Json.write(Map.of("index", Map.of("_index", index, "_id", doc.getKey())))).append('\n');
            out.append(Json.write(doc.getValue())).append('\n');
        }
        return out.toString();
    }

    /** Every decodable sample image twice (base64 and data URI), keyed by id, in file order. */
    public static Map<String, Map<String, Object>> sampleDocuments() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(id(image, false), document(image, false));
            docs.put(id(image, true), document(image, true));
        }
        return docs;
    }

    /** The ids of the bulk items that failed, with their error reasons. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> bulkFailures(RestResponse bulk) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (Object item : bulk.list("items")) {
            Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) item).values().iterator().next();
            if (result.containsKey("error")) {
                failures.put(String.valueOf(result.get("_id")), Json.write(result.get("error")));
            }
        }
        return failures;
    }

    /** Every bulk item's status by id, in order. */
    @SuppressWarnings("unchecked")
    public static Map<String, Integer> bulkStatuses(RestResponse bulk) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Object item : bulk.list("items")) {
            Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) item).values().iterator().next();
            out.put(String.valueOf(result.get("_id")), ((Number) result.get("status")).intValue());
        }
        return out;
    }

    /** Lists the ids of the hits of a search answer, in order. */
    @SuppressWarnings("unchecked")
    public static List<String> hitIds(RestResponse search) {
        List<String> ids = new ArrayList<>();
        for (Object hit : search.list("hits.hits")) {
            ids.add(String.valueOf(((Map<String, Object>) hit).get("_id")));
        }
        return ids;
    }
}
