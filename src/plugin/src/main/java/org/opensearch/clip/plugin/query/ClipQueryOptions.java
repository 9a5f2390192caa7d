package org.opensearch.clip.plugin.query;

import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilder;

import java.util.List;
import java.util.Map;

import static org.opensearch.clip.plugin.query.ClipQueryBuilder.DEFAULT_K;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.DEFAULT_NEGATIVE_WEIGHT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.NAME;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.NPROBES;

/** The parsed options of a {@code clip} query, validated as a whole; what {@link ClipQueryBuilder} is built from. */
final class ClipQueryOptions {
    final String fieldName;
    final ClipQueryBuilder.Services services;
    List<String> queryTexts = List.of();
    String queryImage;
    float[] queryVector;
    QueryDocument queryDocument;
    List<String> negativeTexts = List.of();
    float negativeWeight = DEFAULT_NEGATIVE_WEIGHT;
    boolean negativeWeightGiven;
    float textWeight = 1f;
    float imageWeight = 1f;
    Integer k;
    Float minScore;
    Float maxDistance;
    QueryBuilder filter;
    String methodLabel;
    SearchMethod method;
    Map<String, Object> methodParameters;
    String ivfModelLabel;
    IvfModelRef ivfModel;
    String model;

    ClipQueryOptions(String fieldName, ClipQueryBuilder.Services services) {
        this.fieldName = fieldName;
        this.services = services;
    }

    ClipQueryBuilder build(XContentParser parser) {
        String problem;
        try {
            problem = problem();
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] on field [" + fieldName + "]: " + problem);
        }
        return new ClipQueryBuilder(this, null, null, null);
    }

    /** What is wrong with the options, or null; resolves the defaults (k, method) on the way. */
    private String problem() {
        boolean texts = !queryTexts.isEmpty();
        if (queryVector != null && (texts || queryImage != null || queryDocument != null || !negativeTexts.isEmpty())) {
            return "query_vector cannot be combined with query_text, query_image, query_document or negative_text";
        }
        if (queryVector == null && !texts && queryImage == null && queryDocument == null) {
            return negativeTexts.isEmpty() ? "needs query_text, query_image or both, or query_vector, or query_document"
                : "negative_text needs something to subtract from: query_text, query_image or query_document";
        }
        if (queryImage != null && queryDocument != null) {
            return "give query_image or query_document, not both";
        }
        if (queryTexts.stream().anyMatch(String::isBlank)) {
            return "query_text must not be empty";
        }
        if (negativeTexts.stream().anyMatch(String::isBlank)) {
            return "negative_text must not be empty";
        }
        if (queryImage != null && queryImage.isBlank()) {
            return "query_image must not be empty";
        }
        if (textWeight < 0 || imageWeight < 0) {
            return "text_weight and image_weight must not be negative";
        }
        boolean picture = queryImage != null || queryDocument != null;
        if (texts && picture && textWeight + imageWeight == 0) {
            return "text_weight and image_weight must not both be 0";
        }
        if (negativeWeightGiven && negativeTexts.isEmpty()) {
            return "negative_weight needs negative_text";
        }
        if (negativeWeight < 0) {
            return "negative_weight must not be negative, got " + negativeWeight;
        }
        int limits = (k == null ? 0 : 1) + (minScore == null ? 0 : 1) + (maxDistance == null ? 0 : 1);
        if (limits > 1) {
            return "give one of k, min_score and max_distance";
        }
        if (limits == 0) {
            k = DEFAULT_K;
        }
        if (k != null && (k < 1 || k > 10_000)) {
            return "k must be between 1 and 10000, got " + k;
        }
        if (minScore != null && !(minScore >= 0)) {
            return "min_score must not be negative, got " + minScore;
        }
        if (ivfModelLabel != null) {
            ivfModel = IvfModelRef.parse(ivfModelLabel);
        }
        method = methodLabel != null ? SearchMethod.fromLabel(methodLabel) : ivfModel != null ? SearchMethod.IVF : SearchMethod.HNSW;
        return switch (method) {
            case HNSW -> ivfModel == null ? null : "ivf_model needs method [ivf]; method [hnsw] runs the k-NN plugin's knn query";
            case EXACT -> ivfModel != null ? "ivf_model needs method [ivf]; method [exact] scores every document"
                : methodParameters != null && !methodParameters.isEmpty() ? "method [exact] takes no method_parameters" : null;
            case IVF -> ivfProblem();
        };
    }

    private String ivfProblem() {
        if (ivfModel == null) {
            return "method [ivf] needs ivf_model: the IVF model whose lists the documents were assigned to (for a faiss IVF field, "
                + "use method [hnsw], the k-NN plugin's knn query, with method_parameters.nprobes)";
        }
        if (methodParameters == null) {
            return null;
        }
        for (Map.Entry<String, Object> parameter : methodParameters.entrySet()) {
            if (!NPROBES.equals(parameter.getKey())) {
                return "method [ivf] takes method_parameters [" + NPROBES + "], not [" + parameter.getKey() + "]";
            }
            if (!(parameter.getValue() instanceof Integer nprobes) || nprobes < 1) {
                return NPROBES + " must be a positive integer, got [" + parameter.getValue() + "]";
            }
        }
        return null;
    }
}
