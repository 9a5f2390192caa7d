package org.opensearch.clip.plugin.zeroshot.classify;

import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.clip.plugin.action.Failures;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.clip.plugin.action.JsonResponse;
import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.ImageSource;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.clip.plugin.vectors.StoredVectors;
import org.opensearch.clip.plugin.zeroshot.LabelScore;
import org.opensearch.clip.plugin.zeroshot.LabelVectors;
import org.opensearch.clip.plugin.zeroshot.Ranking;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;
import org.opensearch.clip.plugin.zeroshot.ChunkedEmbedding;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code _classify} on the node that received it, off the network thread: the label embeddings (cached), then
 * the inputs' vectors (images through the embedding service in the query lane, or documents' stored vectors by a
 * multi-get of their {@code _source}), then the ranking of every input on the generic pool.
 */
public final class TransportClassifyAction extends HandledTransportAction<JsonBodyRequest, JsonResponse> {
    private final ZeroShotClassifier classifier;
    private final ThreadPool threadPool;
    private final Client client;

    /** Built by OpenSearch's injector. */
    @Inject
    public TransportClassifyAction(TransportService transportService, ActionFilters actionFilters, ThreadPool threadPool, Client client,
        ZeroShotClassifier classifier) {
        super(ClassifyAction.NAME, transportService, actionFilters, JsonBodyRequest::new);
        this.classifier = classifier;
        this.threadPool = threadPool;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, JsonBodyRequest request, ActionListener<JsonResponse> listener) {
        threadPool.generic().execute(() -> {
            ClassifySpec spec;
            try {
                spec = ClassifyParser.parse(request.body());
                classifier.embeddings().registry().resolveName(spec.model());
            } catch (RuntimeException e) {
                listener.onFailure(e);
                return;
            }
            classifier.labelVectors(spec.model(), spec.labels(), Lane.QUERY, ActionListener.wrap(
                labels -> inputVectors(spec, ActionListener.wrap(
                    inputs -> threadPool.generic().execute(() -> listener.onResponse(answer(spec, labels, inputs))),
                    listener::onFailure
                )),
                listener::onFailure
            ));
        });
    }

    /** One vector or failure per input, in request order. */
    private void inputVectors(ClassifySpec spec, ActionListener<List<EmbeddingResult>> listener) {
        if (spec.documents() == null) {
            List<EmbeddingInput> inputs = new ArrayList<>(spec.images().size());
            for (int i = 0; i < spec.images().size(); i++) {
                inputs.add(new EmbeddingInput(i, "[_classify] images[" + i + "]",
                    List.of(EmbeddingPart.image(ImageSource.of(spec.images().get(i)), 1.0))));
            }
            ChunkedEmbedding.embed(classifier.embeddings(), spec.model(), Lane.QUERY, inputs,
                ActionListener.wrap(response -> listener.onResponse(response.results()), listener::onFailure));
            return;
        }
        ClassifySpec.Documents documents = spec.documents();
        MultiGetRequest get = new MultiGetRequest();
        for (String id : documents.ids()) {
            get.add(new MultiGetRequest.Item(documents.index(), id).fetchSourceContext(
                new org.opensearch.search.fetch.subphase.FetchSourceContext(true, new String[] {documents.field()}, null)));
        }
        client.multiGet(get, ActionListener.wrap(response -> {
            List<EmbeddingResult> out = new ArrayList<>(documents.ids().size());
            for (MultiGetItemResponse item : response.getResponses()) {
                if (item.isFailed() && item.getFailure().getFailure() instanceof IndexNotFoundException missing) {
                    listener.onFailure(missing); // the whole request names the index: a 404, not one failure per document
                    return;
                }
                out.add(storedVector(item, documents));
            }
            listener.onResponse(out);
        }, listener::onFailure));
    }

    private static EmbeddingResult storedVector(MultiGetItemResponse item, ClassifySpec.Documents documents) {
        String document = "[" + item.getIndex() + "][" + item.getId() + "]";
        if (item.isFailed()) {
            Exception failure = item.getFailure().getFailure();
            return EmbeddingResult.failed(new IllegalArgumentException("document " + document + " cannot be read: " + failure.getMessage(),
                failure));
        }
        if (!item.getResponse().isExists()) {
            return EmbeddingResult.failed(new ResourceNotFoundException("document " + document + " does not exist"));
        }
        try {
            return EmbeddingResult.of(StoredVectors.fromSource(item.getResponse().getSourceAsMap(), documents.field(), document));
        } catch (IllegalArgumentException e) {
            return EmbeddingResult.failed(e);
        }
    }

    private JsonResponse answer(ClassifySpec spec, LabelVectors labels, List<EmbeddingResult> inputs) {
        double logitScale = classifier.logitScale(labels.model());
        List<Object> results = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (spec.documents() == null) {
                result.put("image", i);
            } else {
                result.put("index", spec.documents().index());
                result.put("id", spec.documents().ids().get(i));
            }
            EmbeddingResult input = inputs.get(i);
            if (input.isFailure()) {
                result.put("error", Failures.describe(input.failure()));
            } else {
                try {
                    result.put("labels", scores(Ranking.top(input.vector(), labels, logitScale, spec.topK(), spec.minProbability())));
                } catch (IllegalArgumentException e) {
                    result.put("error", Failures.describe(e));
                }
            }
            results.add(result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", Map.of("name", labels.model(), "version", labels.version()));
        body.put("logit_scale", logitScale);
        body.put("labels", labels.labels().size());
        body.put("results", results);
        return new JsonResponse(body);
    }

    /** Scores as the APIs show them: {@code [{"label", "probability", "similarity"}, ...]}. */
    public static List<Object> scores(List<LabelScore> scores) {
        List<Object> out = new ArrayList<>(scores.size());
        for (LabelScore score : scores) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", score.label());
            entry.put("probability", score.probability());
            entry.put("similarity", score.similarity());
            out.add(entry);
        }
        return out;
    }
}
