package org.opensearch.clip.encoder.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.runtime.CpuFeatures;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline {@code bundle-hub} command: a snapshot directory in, a bundle at the asked precision out. */
class HubBundleCommandTest {
    @TempDir
    Path work;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bundle(String... args) {
        return HubBundleCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String snapshot(String name) throws URISyntaxException {
        return Path.of(HubBundleCommandTest.class.getResource("/hub/" + name + "/tokenizer.json").toURI()).getParent().toString();
    }

    @Test
    void buildsAnInt8BundleFromASnapshot() throws URISyntaxException {
        Path bundle = work.resolve("bundle");
        int status = bundle("--snapshot", snapshot("openclip-bin-gelu"), "--out", bundle.toString(), "--name", "laion/tiny", "--version", "r2",
            "--precision", "int8", "--djl-cache", work.resolve("djl").toString());
        if (CpuFeatures.lacksInt8DotProduct()) {
            assertEquals(1, status, "int8 is refused on a CPU without int8 dot products");
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(HubBundleBuilder.INT8_NEEDS_VNNI), err.toString(StandardCharsets.UTF_8));
            return;
        }
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("bundle laion/tiny (int8, dimension 8, 32 px) written to "), out.toString());
        assertEquals("r2", ModelBundle.open(bundle, work.resolve("extract")).manifest().version());
    }

    @Test
    void buildsABf16BundleFromAnArchiveBundle() throws URISyntaxException {
        Path bundle = work.resolve("from-archive");
        String archive = Path.of(HubBundleCommandTest.class.getResource("/models/tiny-archive-fp16/model.pt").toURI()).getParent().toString();
        int status = bundle("--archive-bundle", archive, "--head-width", "16", "--out", bundle.toString(), "--name", "openai/tiny",
            "--precision", "bf16", "--djl-cache", work.resolve("djl").toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("bundle openai/tiny (bf16, dimension 32, 32 px) written to "), out.toString());
    }

    @Test
    void aSnapshotAndAnArchiveBundleTogetherAreAUsageError() throws URISyntaxException {
        assertEquals(2, bundle("--snapshot", snapshot("openclip-bin-gelu"), "--archive-bundle", work.toString(), "--out", work.toString(),
            "--name", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: bundle-hub"));
    }

    @Test
    void aMissingOptionIsAUsageErrorAndABadPrecisionOrSnapshotFailsSayingWhy() throws URISyntaxException {
        assertEquals(2, bundle("--snapshot", snapshot("openclip-bin-gelu"), "--out", work.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: bundle-hub"));
        err.reset();
        assertEquals(1, bundle("--snapshot", snapshot("openclip-bin-gelu"), "--out", work.toString(), "--name", "x", "--precision", "fp16"));
        assertEquals("bundle-hub: precision [fp16] must be one of fp32, bf16, int8\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, bundle("--snapshot", work.resolve("nothing").toString(), "--out", work.resolve("o").toString(), "--name", "x",
            "--djl-cache", work.resolve("djl").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a directory"), err.toString(StandardCharsets.UTF_8));
    }
}
