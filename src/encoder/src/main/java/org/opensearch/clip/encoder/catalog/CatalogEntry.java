package org.opensearch.clip.encoder.catalog;

import com.google.gson.JsonObject;

/**
 * A published CLIP checkpoint the catalog knows: where its TorchScript archive and BPE vocabulary are, and the
 * manifest values (embedding dimension, preprocessing, context length) its bundle gets.
 *
 * @param name the model name, e.g. {@code openai/ViT-B-32}; also the bundle's model name
 * @param archive the TorchScript archive (OpenAI's layout: {@code encode_image} / {@code encode_text})
 * @param vocabulary OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} or a file of the same format
 * @param manifest {@code clip-model.json} without {@code name}, {@code archive} and {@code files}
 */
public record CatalogEntry(String name, RemoteFile archive, RemoteFile vocabulary, JsonObject manifest) {
    public CatalogEntry {
        manifest = manifest.deepCopy();
    }

    @Override
    public JsonObject manifest() {
        return manifest.deepCopy();
    }

    /** This entry with both files fetched from a mirror (see {@link RemoteFile#rebased}). */
    public CatalogEntry rebased(String baseUrl) {
        return new CatalogEntry(name, archive.rebased(baseUrl), vocabulary.rebased(baseUrl), manifest);
    }
}
