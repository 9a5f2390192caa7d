package org.opensearch.clip.encoder.tokenize;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * OpenAI CLIP's byte-level BPE vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}: a header line, then merges in
 * priority order) and its conversion into a Hugging Face {@code tokenizer.json} that tokenises exactly as CLIP
 * does: lower-cased, whitespace collapsed, CLIP's pre-tokenisation pattern, {@code </w>} on each word's last
 * symbol, {@code <|startoftext|>} and {@code <|endoftext|>} around the ids.
 */
public final class ClipBpeVocabulary {
    /** How many merges CLIP's models use: the vocabulary has 49152 BPE entries less the 256 bytes and 2 specials. */
    public static final int CLIP_MERGES = 49152 - 256 - 2;
    /** The start-of-text token. */
    public static final String START = "<|startoftext|>";
    /** The end-of-text token, also used for unknown input. */
    public static final String END = "<|endoftext|>";
    /** CLIP's pre-tokenisation: special tokens, contractions, letter runs, single digits, other non-space runs. */
    static final String PRE_TOKENIZE_PATTERN =
        "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";
    private static final String WORD_END = "</w>";

    private final List<String[]> merges;

    private ClipBpeVocabulary(List<String[]> merges) {
        this.merges = merges;
    }

    /** Reads a vocabulary file (gzip or plain text), keeping the first {@code mergeCount} merges. */
    public static ClipBpeVocabulary read(Path file, int mergeCount) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = raw;
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(raw);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), mergeCount, file.toString());
        }
    }

    private static ClipBpeVocabulary parse(BufferedReader reader, int mergeCount, String source) throws IOException {
        String header = reader.readLine();
        if (header == null || !header.contains("#version")) {
            throw new IOException(source + ": not a BPE merges file (the first line must be a header with #version)");
        }
        List<String[]> merges = new ArrayList<>(mergeCount);
        String line;
        int lineNumber = 1;
        while (merges.size() < mergeCount && (line = reader.readLine()) != null) {
            lineNumber++;
            String[] pair = line.split(" ");
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IOException(source + ": line " + lineNumber + " is not a merge (two symbols separated by one space): [" + line + "]");
            }
            merges.add(pair);
        }
        if (merges.size() < mergeCount) {
            throw new IOException(source + ": has " + merges.size() + " merges, " + mergeCount + " needed");
        }
        return new ClipBpeVocabulary(merges);
    }

    /** The vocabulary in id order: bytes, bytes with {@code </w>}, one entry per merge, then the two specials. */
    public List<String> tokens() {
        List<String> tokens = new ArrayList<>(512 + merges.size() + 2);
        for (char symbol : ByteSymbols.inVocabularyOrder()) {
            tokens.add(String.valueOf(symbol));
        }
        for (char symbol : ByteSymbols.inVocabularyOrder()) {
            tokens.add(symbol + WORD_END);
        }
        for (String[] merge : merges) {
            tokens.add(merge[0] + merge[1]);
        }
        tokens.add(START);
        tokens.add(END);
        return tokens;
    }

    /** Writes the Hugging Face {@code tokenizer.json} for this vocabulary. */
    public void writeTokenizerJson(Path out) throws IOException {
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new GsonBuilder().disableHtmlEscaping().create().toJson(tokenizerJson(), writer);
        }
    }

    JsonObject tokenizerJson() {
        List<String> tokens = tokens();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.putIfAbsent(tokens.get(i), i);
        }
        int startId = tokens.size() - 2;
        int endId = tokens.size() - 1;

        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", JsonNull.INSTANCE);
        json.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        added.add(addedToken(startId, START));
        added.add(addedToken(endId, END));
        json.add("added_tokens", added);
        json.add("normalizer", normalizer());
        json.add("pre_tokenizer", preTokenizer());
        json.add("post_processor", postProcessor(startId, endId));
        json.add("decoder", JsonNull.INSTANCE);
        json.add("model", model(ids));
        return json;
    }

    private static JsonObject addedToken(int id, String content) {
        JsonObject token = new JsonObject();
        token.addProperty("id", id);
        token.addProperty("content", content);
        token.addProperty("single_word", false);
        token.addProperty("lstrip", false);
        token.addProperty("rstrip", false);
        token.addProperty("normalized", true);
        token.addProperty("special", true);
        return token;
    }

    private static JsonObject normalizer() {
        JsonObject nfc = typed("NFC");
        JsonObject whitespace = typed("Replace");
        JsonObject pattern = new JsonObject();
        pattern.addProperty("Regex", "\\s+");
        whitespace.add("pattern", pattern);
        whitespace.addProperty("content", " ");
        return sequence("normalizers", nfc, whitespace, typed("Lowercase"));
    }

    private static JsonObject preTokenizer() {
        JsonObject split = typed("Split");
        JsonObject pattern = new JsonObject();
        pattern.addProperty("Regex", PRE_TOKENIZE_PATTERN);
        split.add("pattern", pattern);
        split.addProperty("behavior", "Removed");
        split.addProperty("invert", true);
        JsonObject byteLevel = typed("ByteLevel");
        byteLevel.addProperty("add_prefix_space", false);
        byteLevel.addProperty("trim_offsets", true);
        byteLevel.addProperty("use_regex", false);
        return sequence("pretokenizers", split, byteLevel);
    }

    private static JsonObject postProcessor(int startId, int endId) {
        JsonObject template = typed("TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(special(START));
        single.add(piece("A"));
        single.add(special(END));
        JsonArray pair = new JsonArray();
        pair.add(special(START));
        pair.add(piece("A"));
        pair.add(special(END));
        pair.add(piece("B"));
        pair.add(special(END));
        template.add("single", single);
        template.add("pair", pair);
        JsonObject specials = new JsonObject();
        specials.add(START, specialTokenEntry(START, startId));
        specials.add(END, specialTokenEntry(END, endId));
        template.add("special_tokens", specials);
        return template;
    }

    private JsonObject model(Map<String, Integer> ids) {
        JsonObject model = typed("BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.addProperty("unk_token", END);
        model.addProperty("continuing_subword_prefix", "");
        model.addProperty("end_of_word_suffix", WORD_END);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        JsonObject vocab = new JsonObject();
        ids.forEach(vocab::addProperty);
        model.add("vocab", vocab);
        JsonArray mergeList = new JsonArray();
        for (String[] merge : merges) {
            mergeList.add(merge[0] + " " + merge[1]);
        }
        model.add("merges", mergeList);
        return model;
    }

    private static JsonObject typed(String type) {
        JsonObject object = new JsonObject();
        object.addProperty("type", type);
        return object;
    }

    private static JsonObject sequence(String key, JsonObject... steps) {
        JsonObject sequence = typed("Sequence");
        JsonArray list = new JsonArray();
        for (JsonObject step : steps) {
            list.add(step);
        }
        sequence.add(key, list);
        return sequence;
    }

    private static JsonObject special(String id) {
        return templatePiece("SpecialToken", id);
    }

    private static JsonObject piece(String id) {
        return templatePiece("Sequence", id);
    }

    private static JsonObject templatePiece(String kind, String id) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", 0);
        JsonObject outer = new JsonObject();
        outer.add(kind, inner);
        return outer;
    }

    private static JsonObject specialTokenEntry(String token, int id) {
        JsonObject entry = new JsonObject();
        entry.addProperty("id", token);
        JsonArray idList = new JsonArray();
        idList.add(id);
        entry.add("ids", idList);
        JsonArray tokenList = new JsonArray();
        tokenList.add(token);
        entry.add("tokens", tokenList);
        return entry;
    }
}
