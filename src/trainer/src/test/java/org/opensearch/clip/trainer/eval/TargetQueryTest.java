package org.opensearch.clip.trainer.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetQueryTest {
    @Test
    void readsQueriesWithAlternativeTargetsSkippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("q.tsv");
        Files.writeString(file, "# comment\n\nthunderstorm\tCloud with lightning and rain| cloud with lightning\nkitty\tcat\n");
        List<TargetQuery> queries = TargetQuery.read(file);
        assertEquals(2, queries.size());
        assertEquals("thunderstorm", queries.get(0).query());
        assertEquals(List.of("cloud with lightning and rain", "cloud with lightning"), queries.get(0).targets());
    }

    @Test
    void aLineWithoutTargetsIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("q.tsv");
        Files.writeString(file, "kitty\n");
        assertThrows(IOException.class, () -> TargetQuery.read(file));
    }

    @Test
    void queriesAreSeenOnlyAsWholeWordsOfACaption() {
        Dataset data = new Dataset("d", List.of(new Example(Path.of("a.png"), List.of("wind chime", "cat face"), "a", "a", null)),
            List.of("{}"), List.of());
        assertTrue(CaptionWords.occursIn("chime", data));
        assertTrue(CaptionWords.occursIn("Cat Face", data));
        assertFalse(CaptionWords.occursIn("chim", data));
        assertFalse(CaptionWords.occursIn("kitty", data));
    }

    @Test
    void hitRatesLeaveOutSeenQueriesAndMissingTargets() {
        List<TargetQuery> queries = List.of(new TargetQuery("a", List.of("x")), new TargetQuery("b", List.of("y")),
            new TargetQuery("c", List.of("z")), new TargetQuery("d", List.of("w")));
        QueryListResult result = new QueryListResult(queries, new int[] { 0, 12, 3, -1 }, new boolean[] { false, false, true, false });
        assertEquals(2, result.scored());
        assertEquals(0.5, result.hitRate(1));
        assertEquals(0.5, result.hitRate(10));
        assertEquals(1.0, result.hitRate(13));
    }
}
