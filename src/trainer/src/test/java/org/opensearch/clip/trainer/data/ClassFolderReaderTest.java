package org.opensearch.clip.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.TestImages;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassFolderReaderTest {
    @Test
    void readsOneFolderPerClassAndReportsWhatItSkips(@TempDir Path root) throws Exception {
        TestImages.png(root.resolve("golden_retriever/a.png"), Color.YELLOW, 0);
        TestImages.png(root.resolve("golden_retriever/b.png"), Color.YELLOW, 1);
        TestImages.png(root.resolve("tabby-cat/c.png"), Color.GRAY, 0);
        Files.writeString(root.resolve("tabby-cat/notes.txt"), "not an image");
        Files.writeString(root.resolve("tabby-cat/broken.png"), "");
        Files.createDirectories(root.resolve("empty_class"));
        Files.writeString(root.resolve("README.md"), "stray file");

        LoadedDataset loaded = ClassFolderReader.read(root);

        Dataset dataset = loaded.dataset();
        assertEquals(List.of("golden retriever", "tabby cat"), dataset.classes());
        assertEquals(3, dataset.examples().size());
        Example first = dataset.examples().get(0);
        assertEquals(List.of("golden retriever"), first.captions());
        assertEquals("golden retriever", first.label());
        assertEquals("golden retriever", first.group());
        assertEquals("golden_retriever/a.png", first.splitKey());
        assertEquals(PromptTemplates.PHOTO, dataset.templates());
        assertEquals(
            List.of("README.md", "empty_class", "tabby-cat/broken.png", "tabby-cat/notes.txt"),
            loaded.problems().stream().map(RowProblem::location).sorted().toList()
        );
    }

    @Test
    void classNamesReadUnderscoresAndHyphensAsSpaces() {
        assertEquals("hot dog", ClassFolderReader.className("Hot__Dog"));
        assertEquals("sea lion", ClassFolderReader.className("sea-lion"));
    }
}
