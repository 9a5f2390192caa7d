package org.opensearch.clip.encoder.tokenize;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.ParityFixture;
import org.opensearch.clip.encoder.ParityFixture.TextCase;
import org.opensearch.clip.encoder.TinyClip;
import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.TextConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token rows from the test bundle's {@code tokenizer.json}: ids as the Python reference computes them, rows of exactly
 * the context length, truncation that keeps the end token, padding with the configured pad id. Ids of the test
 * vocabulary (src/tools/README.md): 0 pad, 1 unknown, 385 start of text, 386 end of text.
 */
class ClipTokenizerTest {
    private static final long START = 385;
    private static final long END = 386;

    private static ClipTokenizer clip;

    @BeforeAll
    static void load() {
        TinyClip.runtime();
        clip = ClipTokenizer.load(TinyClip.directory().resolve("tokenizer.json"), new TextConfig(77, 0, false));
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void idsEqualThePythonReferenceForEveryFixtureText() {
        List<TextCase> cases = ParityFixture.textCases();
        TokenBatch batch = clip.tokenize(cases.stream().map(TextCase::text).toList());
        assertEquals(cases.size(), batch.count());
        for (int i = 0; i < cases.size(); i++) {
            assertArrayEquals(cases.get(i).ids(), batch.row(i), cases.get(i).toString());
        }
    }

    @Test
    void everyRowHasTheContextLengthAndIsWrappedInStartAndEndTokens() {
        TokenBatch batch = clip.tokenize(List.of("a red car", "", "dog"));
        assertEquals(77, batch.length());
        assertEquals(3 * 77, batch.ids().length);
        assertArrayEquals(new long[] { START, END }, Arrays.copyOf(batch.row(1), 2), "the empty text");
        for (int i = 0; i < 3; i++) {
            long[] row = batch.row(i);
            assertEquals(START, row[0], "row " + i);
            assertEquals(END, row[realLength(row) - 1], "row " + i);
        }
    }

    @Test
    void aTooLongTextIsTruncatedToTheContextLengthKeepingTheEndToken() {
        String longText = String.join(" ", Collections.nCopies(200, "cat"));
        long[] row = clip.tokenize(List.of(longText)).row(0);
        assertEquals(77, row.length);
        assertEquals(START, row[0]);
        assertEquals(END, row[76]);
        long cat = clip.tokenize(List.of("cat")).row(0)[1];
        for (int i = 1; i < 76; i++) {
            assertEquals(cat, row[i], "position " + i);
        }
    }

    @Test
    void aTextOfExactlyTheContextLengthIsKeptWhole() {
        String text = String.join(" ", Collections.nCopies(75, "cat")); // + start + end = 77
        long[] row = clip.tokenize(List.of(text)).row(0);
        assertEquals(END, row[76]);
        assertEquals(77, realLength(row));
    }

    @Test
    void paddingUsesTheManifestsPadIdAndTheMaskMarksRealTokens() {
        try (ClipTokenizer padded = ClipTokenizer.load(TinyClip.directory().resolve("tokenizer.json"), new TextConfig(12, 7, true))) {
            TokenBatch batch = padded.tokenize(List.of("a dog", "a very long caption about a dog and a cat on a red car"));
            assertEquals(12, batch.length());
            long[] shortRow = batch.row(0);
            assertEquals(END, shortRow[3]);
            for (int i = 4; i < 12; i++) {
                assertEquals(7, shortRow[i], "padding at " + i);
            }
            long[] mask = Arrays.copyOfRange(batch.mask(), 0, 12);
            assertArrayEquals(new long[] { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, mask);
            long[] longRow = batch.row(1);
            assertEquals(END, longRow[11], "a truncated row still ends with the end token");
            for (int i = 12; i < 24; i++) {
                assertEquals(1, batch.mask()[i], "mask of the full row at " + (i - 12));
            }
        }
    }

    @Test
    void unknownWordsBecomeTheUnknownId() {
        long[] row = clip.tokenize(List.of("zyzzyva")).row(0);
        assertArrayEquals(new long[] { START, 1, END, 0 }, Arrays.copyOf(row, 4));
    }

    @Test
    void caseAndSurroundingSpaceDoNotChangeTheIds() {
        assertArrayEquals(clip.tokenize(List.of("a red car")).row(0), clip.tokenize(List.of("  A Red CAR ")).row(0));
    }

    @Test
    void aBatchTokenisesEachTextAsAlone() {
        List<String> texts = List.of("a dog", "two cats, sitting on 3 rocks.", "");
        TokenBatch batch = clip.tokenize(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(clip.tokenize(List.of(texts.get(i))).row(0), batch.row(i), texts.get(i));
        }
        assertEquals(0, clip.tokenize(new ArrayList<>()).count());
    }

    @Test
    void anUnreadableTokenizerFileIsABundleError(@TempDir Path temp) throws IOException {
        Path broken = Files.writeString(temp.resolve("tokenizer.json"), "{\"model\": 1}");
        BundleException e = assertThrows(BundleException.class, () -> ClipTokenizer.load(broken, new TextConfig(77, 0, false)));
        assertTrue(e.getMessage().startsWith("tokenizer.json: cannot load the tokenizer: "), e.getMessage());
    }

    private static int realLength(long[] row) {
        int n = row.length;
        while (n > 0 && row[n - 1] == 0) {
            n--;
        }
        return n;
    }

    @Test
    void analyseShowsTheTokensAndTheWordsTheVocabularyDoesNotKnow() {
        TokenizedText text = clip.analyse("A red xyzzy car, Xyzzy!");

        assertEquals(List.of("xyzzy", "Xyzzy"), text.unknownWords(), "each unknown word as written: " + text);
        assertEquals(List.of("a", "red", "<|unk|>", "car", ",", "<|unk|>", "!"), text.tokens());
        assertEquals(List.of("A", "red", "xyzzy", "car", ",", "Xyzzy", "!"), text.words().stream().map(TokenizedWord::word).toList());
        assertEquals(false, text.truncated());
    }

    @Test
    void analyseSaysWhenTheContextLengthCutsTheText() {
        try (ClipTokenizer short8 = ClipTokenizer.load(TinyClip.directory().resolve("tokenizer.json"), new TextConfig(8, 0, false))) {
            assertTrue(short8.analyse("a red car and a red dog and a red cat").truncated());
            assertEquals(false, short8.analyse("a red car").truncated());
        }
    }
}
