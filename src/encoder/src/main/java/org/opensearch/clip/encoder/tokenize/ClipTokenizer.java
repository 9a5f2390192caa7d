package org.opensearch.clip.encoder.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.TextConfig;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns texts into fixed-length token id rows with a Hugging Face {@code tokenizer.json}: special tokens added by
 * the tokenizer's post-processor, truncated to the context length keeping the end token, padded with the bundle's
 * pad id.
 */
public final class ClipTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final TextConfig config;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, TextConfig config) {
        this.tokenizer = tokenizer;
        this.config = config;
    }

    /** Loads {@code tokenizer.json}; the DJL runtime must have been started. */
    public static ClipTokenizer load(Path tokenizerJson, TextConfig config) {
        try {
            HuggingFaceTokenizer tokenizer = DjlRuntime.withModuleClassLoader(
                () -> HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optMaxLength(config.contextLength())
                    .optPadding(false)
                    .build()
            );
            return new ClipTokenizer(tokenizer, config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            throw new BundleException(tokenizerJson.getFileName() + ": cannot load the tokenizer: " + cause.getMessage(), e);
        }
    }

    /** Tokenises a batch of texts into {@code [texts.size(), context_length]} ids. */
    public TokenBatch tokenize(List<String> texts) {
        int length = config.contextLength();
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(ids, config.padId());
        Encoding[] encodings = tokenizer.batchEncode(texts);
        for (int i = 0; i < encodings.length; i++) {
            long[] row = encodings[i].getIds();
            int n = Math.min(row.length, length);
            System.arraycopy(row, 0, ids, i * length, n);
            if (row.length > length) {
                ids[i * length + length - 1] = row[row.length - 1]; // keep the end token
            }
            java.util.Arrays.fill(mask, i * length, i * length + n, 1L);
        }
        return new TokenBatch(ids, mask, texts.size(), length);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
