package org.opensearch.clip.plugin.embedapi;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.encoder.tokenize.TokenizedText;
import org.opensearch.clip.plugin.action.Failures;
import org.opensearch.clip.plugin.action.JsonBodyRequest;
import org.opensearch.clip.plugin.action.JsonResponse;
import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embed.ImageSource;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.clip.plugin.zeroshot.ChunkedEmbedding;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code _embed} off the network thread: every text and image through the embedding service (query lane), and
 * each text's tokens and unknown words from the model's tokenizer.
 */
public final class TransportEmbedAction extends HandledTransportAction<JsonBodyRequest, JsonResponse> {
    private final EmbeddingService embeddings;
    private final ThreadPool threadPool;

    /** Built by OpenSearch's injector. */
    @Inject
    public TransportEmbedAction(TransportService transportService, ActionFilters actionFilters, ThreadPool threadPool,
        EmbeddingService embeddings) {
        super(EmbedAction.NAME, transportService, actionFilters, JsonBodyRequest::new);
        this.embeddings = embeddings;
        this.threadPool = threadPool;
    }

    @Override
    protected void doExecute(Task task, JsonBodyRequest request, ActionListener<JsonResponse> listener) {
        threadPool.generic().execute(() -> {
            EmbedSpec spec;
            String model;
            try {
                spec = EmbedSpec.parse(request.body());
                model = embeddings.registry().resolveName(spec.model());
            } catch (RuntimeException e) {
                listener.onFailure(e);
                return;
            }
            List<EmbeddingInput> inputs = new ArrayList<>();
            for (int i = 0; i < spec.texts().size(); i++) {
                inputs.add(new EmbeddingInput(inputs.size(), "[_embed] texts[" + i + "]", List.of(EmbeddingPart.text(spec.texts().get(i), 1.0))));
            }
            for (int i = 0; i < spec.images().size(); i++) {
                inputs.add(new EmbeddingInput(inputs.size(), "[_embed] images[" + i + "]",
                    List.of(EmbeddingPart.image(ImageSource.of(spec.images().get(i)), 1.0))));
            }
            ChunkedEmbedding.embed(embeddings, model, Lane.QUERY, inputs, ActionListener.wrap(response -> {
                ClipTokenizer tokenizer = embeddings.registry().encoder(model).tokenizer();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("model", Map.of("name", response.model(), "version", response.version()));
                List<Object> texts = new ArrayList<>();
                for (int i = 0; i < spec.texts().size(); i++) {
                    texts.add(text(spec.texts().get(i), tokenizer.analyse(spec.texts().get(i)), response.results().get(i)));
                }
                List<Object> images = new ArrayList<>();
                for (int i = 0; i < spec.images().size(); i++) {
                    images.add(vector(new LinkedHashMap<>(), response.results().get(spec.texts().size() + i)));
                }
                body.put("texts", texts);
                body.put("images", images);
                listener.onResponse(new JsonResponse(body));
            }, listener::onFailure));
        });
    }

    private static Map<String, Object> text(String text, TokenizedText tokens, EmbeddingResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", text);
        vector(out, result);
        out.put("tokens", tokens.tokens());
        out.put("unknown_words", tokens.unknownWords());
        out.put("truncated", tokens.truncated());
        return out;
    }

    private static Map<String, Object> vector(Map<String, Object> out, EmbeddingResult result) {
        if (result.isFailure()) {
            out.put("error", Failures.describe(result.failure()));
        } else {
            out.put("vector", result.vector());
        }
        return out;
    }
}
