package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.ImageSource;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.clip.plugin.vectors.StoredVectors;
import org.opensearch.clip.plugin.zeroshot.ChunkedEmbedding;
import org.opensearch.clip.plugin.zeroshot.LabelScore;
import org.opensearch.clip.plugin.zeroshot.LabelSource;
import org.opensearch.clip.plugin.zeroshot.LabelVectors;
import org.opensearch.clip.plugin.zeroshot.Ranking;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code clip_classify}: zero-shot labels for a document's image, written as a keyword array to {@code target_field}
 * (most probable first) and, when {@code probability_field} is set, as an object label → probability there. The
 * image vector is the one an earlier {@code clip_embedding} wrote ({@code vector_field}: no second encode), or the
 * image in {@code field} embedded through the embedding service's ingest lane.
 */
public final class ClipClassifyProcessor extends BatchProcessor {
    /** The processor's name in pipeline definitions. */
    public static final String TYPE = "clip_classify";

    private final Settings settings;
    private final ZeroShotClassifier classifier;

    /**
     * The processor's options.
     *
     * @param field            the image field, or null
     * @param vectorField      the vector field an earlier processor wrote, or null
     * @param targetField      where the labels go
     * @param probabilityField where label → probability goes, or null
     * @param labels           the labels and templates
     * @param topK             the most labels written
     * @param minProbability   labels below it are not written
     * @param model            the model, or null for the default
     * @param ignoreMissing    whether a document without the field passes unchanged
     */
    record Settings(String field, String vectorField, String targetField, String probabilityField, LabelSource labels, int topK,
        double minProbability, String model, boolean ignoreMissing) {

        String source() {
            return field != null ? field : vectorField;
        }
    }

    ClipClassifyProcessor(String tag, String description, Settings settings, ZeroShotClassifier classifier) {
        super(tag, description, "through the embedding service");
        this.settings = settings;
        this.classifier = classifier;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    /** The processor's options. */
    Settings settings() {
        return settings;
    }

    /** Answers with new wrappers, leaving the given ones untouched (see {@link ClipEmbeddingProcessor#batchExecute}). */
    @Override
    public void batchExecute(List<IngestDocumentWrapper> documents, Consumer<List<IngestDocumentWrapper>> handler) {
        Exception[] failures = new Exception[documents.size()];
        float[][] vectors = new float[documents.size()][];
        List<Integer> toEmbed = new ArrayList<>();
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            IngestDocumentWrapper wrapper = documents.get(d);
            if (wrapper.getException() != null || wrapper.getIngestDocument() == null) {
                continue;
            }
            try {
                IngestDocument document = wrapper.getIngestDocument();
                Object value = document.hasField(settings.source()) ? document.getFieldValue(settings.source(), Object.class) : null;
                if (value == null || (value instanceof String s && s.isEmpty())) {
                    if (!settings.ignoreMissing()) {
                        throw new IllegalArgumentException("[" + TYPE + "] field [" + settings.source()
                            + "] is missing or empty; set ignore_missing to skip such documents");
                    }
                } else if (settings.vectorField() != null) {
                    vectors[d] = StoredVectors.parse(value, "[" + TYPE + "] field [" + settings.vectorField() + "]");
                } else if (value instanceof String image) {
                    toEmbed.add(d);
                    inputs.add(new EmbeddingInput(d, "[" + TYPE + "] field [" + settings.field() + "]",
                        List.of(EmbeddingPart.image(ImageSource.of(image), 1.0))));
                } else {
                    throw new IllegalArgumentException("[" + TYPE + "] field [" + settings.field() + "] must be an image (base64, a data "
                        + "URI or an http(s) URL), found " + value.getClass().getSimpleName());
                }
            } catch (IllegalArgumentException e) {
                failures[d] = e;
            }
        }
        classifier.labelVectors(settings.model(), settings.labels(), Lane.INGEST, ActionListener.wrap(labels -> {
            if (inputs.isEmpty()) {
                handler.accept(write(documents, vectors, failures, labels));
                return;
            }
            ChunkedEmbedding.embed(classifier.embeddings(), settings.model(), Lane.INGEST, inputs, ActionListener.wrap(response -> {
                for (int i = 0; i < toEmbed.size(); i++) {
                    EmbeddingResult result = response.results().get(i);
                    if (result.isFailure()) {
                        failures[toEmbed.get(i)] = result.failure();
                    } else {
                        vectors[toEmbed.get(i)] = result.vector();
                    }
                }
                handler.accept(write(documents, vectors, failures, labels));
            }, e -> handler.accept(failAll(documents, failures, e))));
        }, e -> handler.accept(failAll(documents, failures, new IllegalArgumentException("[" + TYPE + "] " + e.getMessage(), e)))));
    }

    private List<IngestDocumentWrapper> write(List<IngestDocumentWrapper> documents, float[][] vectors, Exception[] failures,
        LabelVectors labels) {
        double logitScale = classifier.logitScale(labels.model());
        for (int d = 0; d < documents.size(); d++) {
            if (vectors[d] == null || failures[d] != null) {
                continue;
            }
            try {
                List<LabelScore> top = Ranking.top(vectors[d], labels, logitScale, settings.topK(), settings.minProbability());
                IngestDocument document = documents.get(d).getIngestDocument();
                document.setFieldValue(settings.targetField(), top.stream().map(LabelScore::label).toList());
                if (settings.probabilityField() != null) {
                    Map<String, Object> probabilities = new LinkedHashMap<>();
                    top.forEach(score -> probabilities.put(score.label(), score.probability()));
                    document.setFieldValue(settings.probabilityField(), probabilities);
                }
            } catch (IllegalArgumentException e) {
                failures[d] = new IllegalArgumentException("[" + TYPE + "] field [" + settings.source() + "]: " + e.getMessage(), e);
            }
        }
        return BatchResults.of(documents, failures);
    }

    private static List<IngestDocumentWrapper> failAll(List<IngestDocumentWrapper> documents, Exception[] failures, Exception e) {
        Exception[] all = Arrays.copyOf(failures, failures.length);
        for (int d = 0; d < all.length; d++) {
            if (all[d] == null) {
                all[d] = e;
            }
        }
        return BatchResults.of(documents, all);
    }

}
