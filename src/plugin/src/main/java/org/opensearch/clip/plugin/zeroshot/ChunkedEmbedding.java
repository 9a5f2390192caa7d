package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingRequest;
import org.opensearch.clip.plugin.embed.EmbeddingResponse;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.core.action.ActionListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends many inputs to the embedding service as consecutive requests of at most {@link #MAX_PARTS} texts and images,
 * one after the other, so that a long label list or a large classification never floods a lane (which would refuse
 * the excess with 429); answers with one result per input, in order.
 */
public final class ChunkedEmbedding {
    /** The most texts and images one request to the service carries. */
    public static final int MAX_PARTS = 64;

    private ChunkedEmbedding() {}

    /** Embeds {@code inputs} chunk by chunk; a failure of a whole chunk (unknown model, ...) fails the whole call. */
    public static void embed(EmbeddingService service, String model, Lane lane, List<EmbeddingInput> inputs,
        ActionListener<EmbeddingResponse> listener) {
        next(service, model, lane, inputs, 0, new ArrayList<>(inputs.size()), null, null, listener);
    }

    private static void next(EmbeddingService service, String model, Lane lane, List<EmbeddingInput> inputs, int from,
        List<EmbeddingResult> done, String name, String version, ActionListener<EmbeddingResponse> listener) {
        if (from >= inputs.size() && name != null) {
            listener.onResponse(new EmbeddingResponse(name, version, done));
            return;
        }
        int to = from;
        int parts = 0;
        while (to < inputs.size() && (to == from || parts + inputs.get(to).parts().size() <= MAX_PARTS)) {
            parts += inputs.get(to).parts().size();
            to++;
        }
        int end = to;
        service.embed(new EmbeddingRequest(model, lane, inputs.subList(from, end)), ActionListener.wrap(response -> {
            done.addAll(response.results());
            next(service, model, lane, inputs, end, done, response.model(), response.version(), listener);
        }, listener::onFailure));
    }
}
