package org.opensearch.clip.encoder.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline {@code bundle-archive} and {@code convert-vocab} commands: what they write and how they refuse. */
class ArchiveBundleCommandTest {
    @TempDir
    Path work;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String resource(String name) throws URISyntaxException {
        return Path.of(ArchiveBundleCommandTest.class.getResource("/" + name).toURI()).toString();
    }

    private int bundle(String... args) {
        return ArchiveBundleCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildsABundleFromGivenValues() throws URISyntaxException {
        Path dir = work.resolve("b");
        assertEquals(0, bundle("--archive", resource("models/tiny-archive/model.pt"), "--vocab", resource("models/synthetic-bpe-vocab.txt.gz"),
            "--out", dir.toString(), "--name", "acme/tiny", "--embedding-dim", "32", "--image-size", "32", "--version", "3"), errors());
        ModelManifest manifest = ModelBundle.open(dir, work.resolve("x")).manifest();
        assertEquals("acme/tiny", manifest.name());
        assertEquals("3", manifest.version());
        assertEquals(32, manifest.image().size());
        assertEquals(77, manifest.text().contextLength());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("bundle acme/tiny (dimension 32, 32 px) written to " + dir));
    }

    @Test
    void likeTakesACatalogEntrysValuesForAnotherArchive() throws URISyntaxException {
        Path dir = work.resolve("like");
        assertEquals(0, bundle("--archive", resource("models/tiny-archive/model.pt"), "--vocab", resource("models/synthetic-bpe-vocab.txt.gz"),
            "--out", dir.toString(), "--like", "openai/ViT-B-32", "--name", "standin/ViT-B-32"), errors());
        ModelManifest manifest = ModelBundle.open(dir, work.resolve("x")).manifest();
        assertEquals(512, manifest.embeddingDim());
        assertEquals(224, manifest.image().size());
    }

    @Test
    void aCatalogBuildRefusesFilesThatAreNotTheCatalogs() throws URISyntaxException {
        Path dir = work.resolve("refused");
        assertEquals(1, bundle("--archive", resource("models/tiny-archive/model.pt"), "--vocab", resource("models/synthetic-bpe-vocab.txt.gz"),
            "--out", dir.toString(), "--catalog", "openai/ViT-B-32"));
        assertTrue(errors().contains("but the catalog expects 40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"), errors());
        assertTrue(Files.notExists(dir));
    }

    @Test
    void missingOptionsPrintTheUsage() {
        assertEquals(2, bundle("--archive", "x.pt"));
        assertTrue(errors().startsWith("usage: bundle-archive"), errors());
        assertEquals(1, bundle("--archive", "x.pt", "--vocab", "v.gz", "--out", "o", "--name", "n"));
        assertTrue(errors().contains("bundle-archive: --image-size is required"), errors());
    }

    @Test
    void convertVocabWritesATokenizer() throws URISyntaxException {
        Path tokenizer = work.resolve("tokenizer.json");
        int status = ConvertVocabCommand.run(List.of(resource("models/synthetic-bpe-vocab.txt.gz"), tokenizer.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, errors());
        assertTrue(Files.isRegularFile(tokenizer));
        assertEquals(2, ConvertVocabCommand.run(List.of("only-one"), System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(1, ConvertVocabCommand.run(List.of(work.resolve("missing.gz").toString(), tokenizer.toString()), System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}
