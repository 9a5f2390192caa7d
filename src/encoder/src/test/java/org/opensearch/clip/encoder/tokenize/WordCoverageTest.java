package org.opensearch.clip.encoder.tokenize;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which words a vocabulary knows: the unknown token, subword pieces that are whole words, words without letters. */
class WordCoverageTest {
    private static final WordCoverage WORD_LEVEL = new WordCoverage(Set.of("<|unk|>", "red", "car"), "<|unk|>", null, null, true);
    private static final WordCoverage CLIP_BPE = new WordCoverage(
        Set.of("thunder</w>", "thunder", "storm</w>", "quantum</w>", "xy", "zz", "y</w>", "x</w>", "galax", "ies</w>"), "<|endoftext|>",
        "</w>", "", false);

    @Test
    void aWordLevelVocabularyKnowsEveryWordThatIsNotTheUnknownToken() {
        assertTrue(WORD_LEVEL.knows("red", List.of("red")));
        assertFalse(WORD_LEVEL.knows("xyzzy", List.of("<|unk|>")));
    }

    @Test
    void aBpeWordOfOneTokenIsKnown() {
        assertTrue(CLIP_BPE.knows("quantum", List.of("quantum</w>")));
    }

    @Test
    void aBpeWordSplitIntoPiecesIsKnownWhenItStartsOrEndsWithAWholeWord() {
        assertTrue(CLIP_BPE.knows("thunderstorm", List.of("thunder", "storm</w>")));
        assertTrue(CLIP_BPE.knows("unstorm", List.of("un", "storm</w>")));
    }

    @Test
    void aBpeWordSplitIntoPiecesNoneOfWhichIsAWordIsUnknown() {
        assertFalse(CLIP_BPE.knows("xyzzy", List.of("xy", "zz", "y</w>")));
        assertFalse(CLIP_BPE.knows("galaxies", List.of("galax", "ies</w>")));
    }

    @Test
    void shortPiecesAndEndingsDoNotMakeAWordKnown() {
        assertFalse(CLIP_BPE.knows("xzx", List.of("x", "zx</w>")), "x is a whole word but too short to count");
        assertFalse(CLIP_BPE.knows("galaxies", List.of("galax", "ies</w>")), "an ending of three letters does not count");
    }

    @Test
    void punctuationAndDigitsAreNeverReportedAsUnknown() {
        assertTrue(WORD_LEVEL.knows("?!", List.of("<|unk|>")));
        assertTrue(WORD_LEVEL.knows("42", List.of("<|unk|>")));
    }
}
