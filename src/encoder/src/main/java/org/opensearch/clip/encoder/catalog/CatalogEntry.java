package org.opensearch.clip.encoder.catalog;

import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.hub.HubBundleBuilder;

/**
 * A published CLIP checkpoint the catalog knows: where its TorchScript archive and BPE vocabulary are, and the
 * manifest values (embedding dimension, preprocessing, context length) its bundle gets.
 *
 * @param name the model name, e.g. {@code openai/ViT-B-32}; also the bundle's model name
 * @param archive the TorchScript archive (OpenAI's layout: {@code encode_image} / {@code encode_text})
 * @param vocabulary OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} or a file of the same format
 * @param manifest {@code clip-model.json} without {@code name}, {@code archive} and {@code files}
 * @param headWidth the width of one attention head, which a ViT archive's weights do not tell (OpenAI's: 64); used
 *     when the archive is rebuilt at a precision
 */
public record CatalogEntry(String name, RemoteFile archive, RemoteFile vocabulary, JsonObject manifest, int headWidth) {
    public CatalogEntry {
        manifest = manifest.deepCopy();
        if (headWidth <= 0) {
            throw new IllegalArgumentException("models." + name + ".head_width must be a positive integer, got " + headWidth);
        }
    }

    /** An entry with OpenAI's head width. */
    public CatalogEntry(String name, RemoteFile archive, RemoteFile vocabulary, JsonObject manifest) {
        this(name, archive, vocabulary, manifest, HubBundleBuilder.OPENAI_HEAD_WIDTH);
    }

    @Override
    public JsonObject manifest() {
        return manifest.deepCopy();
    }

    /** This entry with both files fetched from a mirror (see {@link RemoteFile#rebased}). */
    public CatalogEntry rebased(String baseUrl) {
        return new CatalogEntry(name, archive.rebased(baseUrl), vocabulary.rebased(baseUrl), manifest, headWidth);
    }
}
