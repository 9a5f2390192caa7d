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
}
