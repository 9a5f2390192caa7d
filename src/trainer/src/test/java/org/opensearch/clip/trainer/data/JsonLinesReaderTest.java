package org.opensearch.clip.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.TestImages;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesReaderTest {
    @Test
    void readsImageTextLinesAndReportsBadRows(@TempDir Path dir) throws Exception {
        TestImages.png(dir.resolve("img/red.png"), Color.RED, 0);
        TestImages.png(dir.resolve("img/blue.png"), Color.BLUE, 0);
        Path file = dir.resolve("pairs.jsonl");
        Files.writeString(file, String.join("\n",
            "{\"image\": \"img/red.png\", \"text\": \"a red square\"}",
            "{\"image\": \"img/blue.png\", \"text\": [\"a blue square\", \"blue\"]}",
            "{\"image\": \"img/red.png\", \"text\": \"something red\"}",
            "{\"image\": \"img/red.png\"",
            "[1, 2]",
            "{\"text\": \"no image\"}",
            "{\"image\": \"img/red.png\", \"text\": 42}",
            "{\"image\": \"img/red.png\", \"text\": []}",
            "{\"image\": \"img/gone.png\", \"text\": \"missing file\"}"
        ) + "\n");

        LoadedDataset loaded = JsonLinesReader.read(file);

        List<Example> examples = loaded.dataset().examples();
        assertEquals(2, examples.size());
        assertEquals(List.of("a red square", "something red"), examples.get(0).captions());
        assertEquals("img/red.png", examples.get(0).group());
        assertEquals(List.of("a blue square", "blue"), examples.get(1).captions());
        List<RowProblem> problems = loaded.problems();
        assertEquals(List.of("line 4", "line 5", "line 6", "line 7", "line 8", "line 9"), problems.stream().map(RowProblem::location).toList());
        assertTrue(problems.get(0).problem().startsWith("not valid JSON"));
        assertTrue(problems.get(1).problem().contains("not a JSON object"));
        assertTrue(problems.get(2).problem().contains("\"image\""));
        assertTrue(problems.get(3).problem().contains("\"text\""));
        assertTrue(problems.get(5).problem().contains("does not exist"));
    }

    @Test
    void rowsWithAGroupMatchEachOtherAndShareASplitKey(@TempDir Path dir) throws Exception {
        TestImages.png(dir.resolve("bike-outline.png"), Color.ORANGE, 0);
        TestImages.png(dir.resolve("bike-filled.png"), Color.ORANGE, 1);
        TestImages.png(dir.resolve("cat.png"), Color.GRAY, 0);
        Path file = dir.resolve("icons.jsonl");
        Files.writeString(file, String.join("\n",
            "{\"image\": \"bike-outline.png\", \"text\": \"bike\", \"group\": \"tabler:bike\"}",
            "{\"image\": \"bike-filled.png\", \"text\": [\"bike\", \"bicycle\"], \"group\": \"tabler:bike\"}",
            "{\"image\": \"cat.png\", \"text\": \"cat\"}",
            "{\"image\": \"cat.png\", \"text\": \"kitten\", \"group\": \"\"}",
            "{\"image\": \"bike-filled.png\", \"text\": \"cycle\", \"group\": \"tabler:motorbike\"}"
        ) + "\n");

        LoadedDataset loaded = JsonLinesReader.read(file);

        List<Example> examples = loaded.dataset().examples();
        assertEquals(List.of("tabler:bike", "tabler:bike", "cat.png"), examples.stream().map(Example::group).toList());
        assertEquals(List.of("tabler:bike", "tabler:bike", "cat.png"), examples.stream().map(Example::splitKey).toList());
        assertEquals(List.of("bike", "bicycle"), examples.get(1).captions());
        assertEquals(List.of("line 4", "line 5"), loaded.problems().stream().map(RowProblem::location).toList());
        assertTrue(loaded.problems().get(0).problem().contains("\"group\" must be a non-empty string"));
        assertTrue(loaded.problems().get(1).problem().contains("was given group [tabler:bike] before"));
    }
}
