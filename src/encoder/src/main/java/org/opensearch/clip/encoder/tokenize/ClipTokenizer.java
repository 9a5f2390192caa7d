package org.opensearch.clip.encoder.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.TextConfig;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns texts into fixed-length token id rows with a Hugging Face {@code tokenizer.json}: special tokens added by
 * the tokenizer's post-processor, truncated to the context length keeping the end token, padded with the bundle's
 * pad id.
 */
public final class ClipTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final TextConfig config;
    private final WordCoverage coverage;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, TextConfig config, WordCoverage coverage) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.coverage = coverage;
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
            return new ClipTokenizer(tokenizer, config, WordCoverage.read(tokenizerJson));
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

    /**
     * The text as the encoder sees it: its tokens without the special ones, its words with their tokens and whether
     * the vocabulary knows each ({@link WordCoverage}), and whether the context length cut it.
     */
    public TokenizedText analyse(String text) {
        Encoding encoding = tokenizer.encode(text, true, false);
        String[] tokens = encoding.getTokens();
        long[] special = encoding.getSpecialTokenMask();
        long[] wordIds = encoding.getWordIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        List<String> kept = new ArrayList<>();
        List<TokenizedWord> words = new ArrayList<>();
        List<String> wordTokens = new ArrayList<>();
        long currentWord = -1;
        int start = -1;
        int end = -1;
        for (int i = 0; i < tokens.length; i++) {
            if (special[i] == 1 || wordIds[i] < 0) {
                continue;
            }
            kept.add(tokens[i]);
            if (wordIds[i] != currentWord && !wordTokens.isEmpty()) {
                words.add(word(text, start, end, wordTokens));
                wordTokens = new ArrayList<>();
            }
            if (wordTokens.isEmpty()) {
                start = spans[i] == null ? -1 : spans[i].getStart();
            }
            currentWord = wordIds[i];
            end = spans[i] == null ? end : spans[i].getEnd();
            wordTokens.add(tokens[i]);
        }
        if (!wordTokens.isEmpty()) {
            words.add(word(text, start, end, wordTokens));
        }
        return new TokenizedText(kept, words, encoding.exceedMaxLength());
    }

    private TokenizedWord word(String text, int start, int end, List<String> tokens) {
        String surface = start >= 0 && end <= text.length() && start < end ? text.substring(start, end) : String.join("", tokens);
        return new TokenizedWord(surface, tokens, coverage.knows(surface, tokens));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
