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

class CaptionsFileReaderTest {
    @Test
    void readsFlickrStyleCaptionsAndReportsBadRows(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("Images");
        TestImages.png(images.resolve("1000_a.jpg"), Color.RED, 0);
        TestImages.png(images.resolve("1001_b.jpg"), Color.BLUE, 1);
        Files.writeString(images.resolve("empty.jpg"), "");
        Path captions = dir.resolve("captions.txt");
        Files.writeString(captions, String.join("\n",
            "image,caption",
            "1000_a.jpg,A child in a red dress , climbing stairs .",
            "1000_a.jpg,\"A girl, going into a building .\"",
            "\"1001_b.jpg\",A blue square .",
            "",
            "no comma here",
            "1001_b.jpg,   ",
            ",a caption without image",
            "missing.jpg,A dog runs .",
            "empty.jpg,An empty file .",
            "\"1001_b.jpg,unclosed quote"
        ) + "\n");

        LoadedDataset loaded = CaptionsFileReader.read(captions, images);

        List<Example> examples = loaded.dataset().examples();
        assertEquals(2, examples.size());
        assertEquals(images.resolve("1000_a.jpg"), examples.get(0).image());
        assertEquals(List.of("A child in a red dress , climbing stairs .", "A girl, going into a building ."), examples.get(0).captions());
        assertEquals("1000_a.jpg", examples.get(0).group());
        assertEquals(List.of("A blue square ."), examples.get(1).captions());
        assertEquals(PromptTemplates.VERBATIM, loaded.dataset().templates());

        List<RowProblem> problems = loaded.problems();
        assertEquals(List.of("line 6", "line 7", "line 8", "line 9", "line 10", "line 11"),
            problems.stream().map(RowProblem::location).toList());
        assertTrue(problems.get(0).problem().contains("not an image,caption row"));
        assertTrue(problems.get(1).problem().contains("empty caption"));
        assertTrue(problems.get(2).problem().contains("empty image name"));
        assertTrue(problems.get(3).problem().contains("does not exist"));
        assertTrue(problems.get(4).problem().contains("is empty"));
        assertTrue(problems.get(5).problem().contains("unclosed quote"));
    }
}
