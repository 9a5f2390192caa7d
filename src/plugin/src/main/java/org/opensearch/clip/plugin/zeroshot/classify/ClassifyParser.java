package org.opensearch.clip.plugin.zeroshot.classify;

import org.opensearch.clip.plugin.zeroshot.LabelSet;
import org.opensearch.clip.plugin.zeroshot.LabelSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the body of {@code POST _plugins/_clip/_classify}, refusing unknown options, wrong types and impossible
 * combinations with a message naming the option (a 400).
 */
public final class ClassifyParser {
    /** The labels per input when {@code top_k} is not given. */
    public static final int DEFAULT_TOP_K = 5;
    /** The most inputs one request may classify. */
    public static final int MAX_INPUTS = 1000;
    static final Set<String> OPTIONS = Set.of("model", "images", "documents", "labels", "label_set", "templates", "prompts", "top_k",
        "min_probability");
    private static final Set<String> DOCUMENT_OPTIONS = Set.of("index", "ids", "field");

    private ClassifyParser() {}

    /** The request, or an {@link IllegalArgumentException} saying what is wrong. */
    public static ClassifySpec parse(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("[_classify] unknown option [" + key + "]; it takes " + OPTIONS.stream().sorted().toList());
            }
        }
        String model = optionalString(body, "model");
        List<String> images = body.get("images") == null ? List.of() : strings(body.get("images"), "images");
        ClassifySpec.Documents documents = body.get("documents") == null ? null : documents(body.get("documents"));
        if (images.isEmpty() == (documents == null)) {
            throw new IllegalArgumentException("[_classify] needs either [images] (base64, data URIs or http(s) URLs) or [documents] "
                + "({\"index\", \"ids\", \"field\"}), not " + (images.isEmpty() ? "neither" : "both"));
        }
        int inputs = documents == null ? images.size() : documents.ids().size();
        if (inputs > MAX_INPUTS) {
            throw new IllegalArgumentException("[_classify] classifies at most " + MAX_INPUTS + " inputs per request, got " + inputs);
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).isBlank()) {
                throw new IllegalArgumentException("[_classify] [images] item " + i + " is empty");
            }
        }
        LabelSource labels = labels(body);
        int topK = body.get("top_k") == null ? DEFAULT_TOP_K : integer(body.get("top_k"), "top_k");
        if (topK < 1) {
            throw new IllegalArgumentException("[_classify] [top_k] must be at least 1, got " + topK);
        }
        double minProbability = body.get("min_probability") == null ? 0 : probability(body.get("min_probability"), "min_probability");
        return new ClassifySpec(model, images, documents, labels, topK, minProbability);
    }

    /** Labels inline ({@code labels}, {@code prompts}) or stored ({@code label_set}), with optional {@code templates}. */
    public static LabelSource labels(Map<String, Object> body) {
        Object inline = body.get("labels");
        Object stored = body.get("label_set");
        if ((inline == null) == (stored == null)) {
            throw new IllegalArgumentException("[_classify] needs either [labels] (an array) or [label_set] (the name of a stored set), not "
                + (inline == null ? "neither" : "both"));
        }
        List<String> templates = body.get("templates") == null ? List.of() : strings(body.get("templates"), "templates");
        if (stored != null) {
            if (!(stored instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException("[_classify] [label_set] must be the name of a stored label set, got [" + stored + "]");
            }
            if (body.get("prompts") != null) {
                throw new IllegalArgumentException("[_classify] [prompts] goes with inline [labels]; a stored set keeps its own prompts");
            }
            return new LabelSource(null, name, templates);
        }
        Map<String, Object> set = new java.util.HashMap<>();
        set.put("labels", inline);
        if (body.get("prompts") != null) {
            set.put("prompts", body.get("prompts"));
        }
        try {
            return new LabelSource(LabelSet.fromMap(set, Set.of("labels", "prompts")), null, templates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[_classify] " + e.getMessage(), e);
        }
    }

    private static ClassifySpec.Documents documents(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("[_classify] [documents] must be an object {\"index\", \"ids\", \"field\"}");
        }
        for (Object key : map.keySet()) {
            if (!DOCUMENT_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("[_classify] [documents] unknown option [" + key + "]; it takes [field, ids, index]");
            }
        }
        Object index = map.get("index");
        Object field = map.get("field");
        if (!(index instanceof String i) || i.isBlank()) {
            throw new IllegalArgumentException("[_classify] [documents.index] is required: the index holding the documents");
        }
        if (!(field instanceof String f) || f.isBlank()) {
            throw new IllegalArgumentException("[_classify] [documents.field] is required: the vector field to classify");
        }
        List<String> ids = strings(map.get("ids"), "documents.ids");
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("[_classify] [documents.ids] must name at least one document");
        }
        return new ClassifySpec.Documents(i, ids, f);
    }

    private static String optionalString(Map<String, Object> body, String option) {
        Object value = body.get(option);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("[_classify] [" + option + "] must be a non-empty string, got [" + value + "]");
        }
        return s;
    }

    static List<String> strings(Object value, String option) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("[_classify] [" + option + "] must be an array of strings, got [" + value + "]");
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw new IllegalArgumentException("[_classify] [" + option + "] must hold only strings, found [" + item + "]");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return List.copyOf(strings);
    }

    private static int integer(Object value, String option) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).intValue();
        }
        throw new IllegalArgumentException("[_classify] [" + option + "] must be an integer, got [" + value + "]");
    }

    private static double probability(Object value, String option) {
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("[_classify] [" + option + "] must be a number between 0 and 1, got [" + value + "]");
    }
}
