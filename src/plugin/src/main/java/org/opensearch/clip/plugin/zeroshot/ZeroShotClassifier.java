package org.opensearch.clip.plugin.zeroshot;

import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.clip.plugin.model.LoadedModel;
import org.opensearch.core.action.ActionListener;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Zero-shot classification's label side: turns a label source into one text embedding per label for a model (each
 * label the normalised mean of its prompts' normalised embeddings, computed by the embedding service), cached per
 * model name and version and label set (name and version, or inline content).
 */
public final class ZeroShotClassifier {
    private final EmbeddingService embeddings;
    private final LabelSetStore store;
    private final LabelEmbeddingCache cache;

    /** A classifier embedding through {@code embeddings}, reading stored sets from {@code store}, caching in {@code cache}. */
    public ZeroShotClassifier(EmbeddingService embeddings, LabelSetStore store, LabelEmbeddingCache cache) {
        this.embeddings = embeddings;
        this.store = store;
        this.cache = cache;
    }

    /** The embedding service. */
    public EmbeddingService embeddings() {
        return embeddings;
    }

    /** The label-set store. */
    public LabelSetStore store() {
        return store;
    }

    /** The cache's counters. */
    public LabelEmbeddingCache cache() {
        return cache;
    }

    /** The logit scale of a model's manifest (CLIP's {@code exp(t)}), by which cosines are multiplied before the softmax. */
    public double logitScale(String model) {
        return embeddings.registry().encoder(model).manifest().logitScale();
    }

    /** The label embeddings of {@code source} for {@code model}, from the cache or computed in {@code lane}. */
    public void labelVectors(String model, LabelSource source, Lane lane, ActionListener<LabelVectors> listener) {
        LoadedModel loaded;
        try {
            loaded = embeddings.registry().loaded(model);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        if (source.inline() != null) {
            vectorsFor(loaded, null, 0, source.apply(source.inline()), lane, listener);
            return;
        }
        store.get(source.stored(), ActionListener.wrap(
            stored -> vectorsFor(loaded, stored.name(), stored.version(), source.apply(stored.set()), lane, listener),
            listener::onFailure
        ));
    }

    private void vectorsFor(LoadedModel model, String name, long version, LabelSet set, Lane lane, ActionListener<LabelVectors> listener) {
        LabelEmbeddingCache.Key key = new LabelEmbeddingCache.Key(model.name(), model.version(), name, version, digest(set));
        LabelVectors cached = cache.get(key);
        if (cached != null) {
            listener.onResponse(cached);
            return;
        }
        List<EmbeddingInput> inputs = new ArrayList<>(set.labels().size());
        for (int i = 0; i < set.labels().size(); i++) {
            String label = set.labels().get(i);
            List<EmbeddingPart> parts = new ArrayList<>();
            for (String prompt : set.promptsFor(label)) {
                parts.add(EmbeddingPart.text(prompt, 1.0));
            }
            inputs.add(new EmbeddingInput(i, "label [" + label + "]", parts));
        }
        ChunkedEmbedding.embed(embeddings, model.name(), lane, inputs, ActionListener.wrap(response -> {
            float[][] vectors = new float[inputs.size()][];
            for (int i = 0; i < vectors.length; i++) {
                EmbeddingResult result = response.results().get(i);
                if (result.isFailure()) {
                    listener.onFailure(result.failure());
                    return;
                }
                vectors[i] = result.vector();
            }
            LabelVectors computed = new LabelVectors(response.model(), response.version(), set.labels(), vectors);
            cache.put(key, computed);
            listener.onResponse(computed);
        }, listener::onFailure));
    }

    /** A digest of what the embeddings depend on: every label's prompts, in order. */
    static String digest(LabelSet set) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String label : set.labels()) {
                sha.update(label.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                for (String prompt : set.promptsFor(label)) {
                    sha.update(prompt.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 1);
                }
                sha.update((byte) 2);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
