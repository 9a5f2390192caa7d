package org.opensearch.clip.trainer.emoji;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmojiKeywordsTest {
    private static final String EMOJILIB = """
        {"🍕": ["pizza", "food", "party", ":p", "italian_food"],
         "❤️": ["red_heart", "love", "<3", "Valentines"],
         "🇩🇪": ["flag_germany", "german"],
         "🙂": "not a list"}
        """;

    @Test
    void keywordsBecomeTrainingOnlyCaptionsAndEvaluationCaptionsStayTheSame(@TempDir Path tmp) throws Exception {
        Path keywords = Files.writeString(tmp.resolve("emoji-en-US.json"), EMOJILIB);
        Path pkg = EmojiDatasetReaderTest.fakePackage(tmp.resolve("google"), "google");

        List<Example> plain = EmojiDatasetReader.read(Map.of("google", pkg)).dataset().examples();
        List<Example> withKeywords = EmojiDatasetReader.read(Map.of("google", pkg), false, EmojiKeywords.read(keywords)).dataset().examples();

        assertEquals(plain.stream().map(Example::captions).toList(), withKeywords.stream().map(Example::captions).toList());
        Example pizza = withKeywords.get(0);
        assertEquals(List.of("food", "party", "italian food"), pizza.trainingCaptions()); // "pizza" is a caption already, ":p" has no letter
        Example heart = withKeywords.get(1); // 2764-FE0F in emoji-datasource, ❤️ (2764 FE0F) in emojilib: the selector is ignored
        assertEquals(List.of("love", "valentines"), heart.trainingCaptions()); // "red heart" is already the colour caption
        assertEquals(List.of("flag germany", "german"), withKeywords.get(2).trainingCaptions());
    }

    @Test
    void anEmojiWithoutKeywordsKeepsItsCaptionsOnly() {
        assertEquals(List.of(), EmojiKeywords.none().of("1F355", List.of("pizza")));
    }

    @Test
    void aFileThatIsNotAKeywordObjectIsRefused(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.json"), "[1, 2]");
        IOException e = assertThrows(IOException.class, () -> EmojiKeywords.read(file));
        assertEquals(file + " must be a JSON object of emoji to keyword arrays", e.getMessage());
    }
}
