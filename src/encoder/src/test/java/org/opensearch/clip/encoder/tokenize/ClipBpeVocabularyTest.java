package org.opensearch.clip.encoder.tokenize;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.bundle.TextConfig;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The converted OpenAI CLIP vocabulary tokenises as CLIP does. Needs the reference vocabulary in
 * {@code ../shared/clip-vocab/} (system property {@code clip.shared.dir}); skipped when it is absent.
 */
class ClipBpeVocabularyTest {
    private static final TextConfig CLIP_TEXT = new TextConfig(77, 0, false);

    @TempDir
    static Path work;
    static Path tokenizerJson;
    static ClipBpeVocabulary vocabulary;

    @BeforeAll
    static void convert() throws IOException {
        Path vocab = Path.of(System.getProperty("clip.shared.dir", "../../../shared"), "clip-vocab", "bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.isRegularFile(vocab), "reference vocabulary not present: " + vocab.toAbsolutePath());
        DjlRuntime.start(Path.of(System.getProperty("java.io.tmpdir"), "djl"), 1);
        vocabulary = ClipBpeVocabulary.read(vocab, ClipBpeVocabulary.CLIP_MERGES);
        tokenizerJson = work.resolve("tokenizer.json");
        vocabulary.writeTokenizerJson(tokenizerJson);
    }

    private static long[] ids(String text) {
        try (ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerJson, CLIP_TEXT)) {
            return tokenizer.tokenize(List.of(text)).ids();
        }
    }

    private static long[] padded(long... ids) {
        long[] row = new long[77];
        System.arraycopy(ids, 0, row, 0, ids.length);
        return row;
    }

    @Test
    void vocabularyHasClipsSizeAndLayout() {
        List<String> tokens = vocabulary.tokens();
        assertEquals(49408, tokens.size());
        assertEquals("!", tokens.get(0));
        assertEquals("!</w>", tokens.get(256));
        assertEquals(ClipBpeVocabulary.START, tokens.get(49406));
        assertEquals(ClipBpeVocabulary.END, tokens.get(49407));
    }

    @Test
    void encodesKnownTextsToClipsIds() {
        assertArrayEquals(padded(49406, 3306, 1002, 256, 49407), ids("Hello World!"));
        assertArrayEquals(padded(49406, 320, 1125, 539, 320, 2368, 49407), ids("a photo of a cat"));
        assertArrayEquals(padded(49406, 320, 1929, 49407), ids("a dog"));
    }

    @Test
    void matchesAnIndependentImplementationOfClipsTokeniserOnHardTexts() throws IOException {
        // made by src/tools/make_clip_token_fixture.py: unicode, emoji, contractions, digits, specials, truncation
        JsonObject fixture;
        try (InputStream in = ClipBpeVocabularyTest.class.getResourceAsStream("/tokenize/clip-token-ids.json")) {
            fixture = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        for (JsonElement element : fixture.getAsJsonArray("cases")) {
            JsonObject c = element.getAsJsonObject();
            String text = c.get("text").getAsString();
            long[] expected = new long[77];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.getAsJsonArray("ids").get(i).getAsLong();
            }
            assertArrayEquals(expected, ids(text), "ids of [" + text + "]");
        }
    }

    @Test
    void lowerCasesAndCollapsesWhitespace() {
        assertArrayEquals(ids("hello world!"), ids("  HELLO \n\t World!   "));
    }

    @Test
    void emptyTextIsStartAndEndOnly() {
        assertArrayEquals(padded(49406, 49407), ids(""));
    }

    @Test
    void longTextIsTruncatedToTheContextKeepingTheEndToken() {
        long[] row = ids("a photo of a cat ".repeat(40));
        assertEquals(77, row.length);
        assertEquals(49406, row[0]);
        assertEquals(49407, row[76]);
        assertTrue(Arrays.stream(row).noneMatch(id -> id == 0), "a truncated row has no padding");
    }

    @Test
    void anyUnicodeTextMapsToKnownTokens() {
        long[] row = ids("café 東京 🍕 naïve — 42");
        assertEquals(49406, row[0]);
        int end = 1;
        while (row[end] != 49407) {
            assertTrue(row[end] > 0 && row[end] < 49406, "id " + row[end] + " at " + end);
            end++;
        }
        assertTrue(end > 6, "every character is encoded, digits one by one");
    }

    @Test
    void refusesAFileThatIsNotAMergesList(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("vocab.txt"), "no header\n");
        IOException e = assertThrows(IOException.class, () -> ClipBpeVocabulary.read(bad, 10));
        assertTrue(e.getMessage().contains("header with #version"), e.getMessage());
        Path short_ = Files.writeString(dir.resolve("short.txt"), "#version: 0.2\ni n\nt h\n");
        e = assertThrows(IOException.class, () -> ClipBpeVocabulary.read(short_, 10));
        assertTrue(e.getMessage().contains("has 2 merges, 10 needed"), e.getMessage());
    }
}
