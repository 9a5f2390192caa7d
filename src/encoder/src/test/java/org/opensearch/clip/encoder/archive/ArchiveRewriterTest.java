package org.opensearch.clip.encoder.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rewriting whole archives: the committed float16 "CUDA" test archive (src/tools/make_test_archives.py) for the
 * CPU, and its float32 twin, which needs nothing. That the rewritten archive computes what PyTorch computes is
 * ArchiveEncodersTest's part.
 */
class ArchiveRewriterTest {
    private static final ArchiveTarget CPU = new ArchiveTarget("cpu", true);

    @TempDir
    Path work;

    private static Path archive(String bundle) throws URISyntaxException {
        return Path.of(ArchiveRewriterTest.class.getResource("/models/" + bundle + "/model.pt").toURI());
    }

    @Test
    void aFloat32CpuArchiveNeedsNothingAndNothingIsWritten() throws URISyntaxException {
        Path target = work.resolve("out.pt");
        RewriteReport report = ArchiveRewriter.rewrite(archive("tiny-archive"), target, CPU);
        assertTrue(report.unchanged(), report.toString());
        assertEquals(0, report.halfStorages());
        assertTrue(report.storages() > 0);
        assertFalse(Files.exists(target));
    }

    @Test
    void aFloat16CudaArchiveIsRewrittenForTheCpu() throws URISyntaxException, IOException {
        Path source = archive("tiny-archive-fp16");
        Path target = work.resolve("out.pt");
        RewriteReport report = ArchiveRewriter.rewrite(source, target, CPU);
        assertFalse(report.unchanged());
        assertTrue(report.devicesChanged() > 0 && report.castsChanged() > 0, report.toString());
        assertEquals(report.halfStorages(), report.storagesWidened());
        assertTrue(report.storagesWidened() > 0 && report.storagesWidened() < report.storages(), "LayerNorms stay float32: " + report);

        try (ZipFile in = new ZipFile(source.toFile()); ZipFile out = new ZipFile(target.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(out.entries());
            int widened = 0;
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (name.endsWith(".py")) {
                    String code = new String(out.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    String original = new String(in.getInputStream(in.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
                    assertFalse(code.contains("cuda"), name);
                    if (code.equals(original)) {
                        assertNotNull(out.getEntry(name + ".debug_pkl"), "debug info of unchanged " + name + " is kept");
                    } else {
                        assertNull(out.getEntry(name + ".debug_pkl"), "stale debug info of " + name + " is dropped");
                    }
                } else if (name.contains("/data/") || name.contains("/constants/")) {
                    long original = in.getEntry(name).getSize();
                    assertTrue(entry.getSize() == original || entry.getSize() == 2 * original, name);
                    widened += entry.getSize() == 2 * original ? 1 : 0;
                    assertEquals(ZipEntry.STORED, entry.getMethod(), name);
                    assertEquals(0, dataOffset(target, out, entry) % 64, name + " starts 64-byte aligned");
                }
            }
            assertEquals(report.storagesWidened(), widened);
            assertEquals(Collections.list(in.entries()).stream().filter(e -> !e.getName().endsWith(".debug_pkl")).map(ZipEntry::getName).toList(),
                entries.stream().filter(e -> !e.getName().endsWith(".debug_pkl")).map(ZipEntry::getName).toList(), "every other entry is kept, in order");
        }

        RewriteReport again = ArchiveRewriter.rewrite(target, work.resolve("again.pt"), CPU);
        assertTrue(again.unchanged(), "a rewritten archive needs nothing more: " + again);
    }

    @Test
    void aGpuTargetKeepsFloat16() throws URISyntaxException {
        RewriteReport report = ArchiveRewriter.rewrite(archive("tiny-archive-fp16"), work.resolve("gpu.pt"), new ArchiveTarget("cuda:0", false));
        assertTrue(report.unchanged(), "traced on cuda:0 in float16, it is already right for cuda:0: " + report);
    }

    @Test
    void aZipThatIsNotATorchScriptArchiveIsRefused() throws IOException {
        Path zip = work.resolve("not-an-archive.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("bundle/clip-model.json"));
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveRewriter.rewrite(zip, work.resolve("x.pt"), CPU));
        assertTrue(e.getMessage().contains("has no bundle/data.pkl"), e.getMessage());
    }

    /** Where an entry's data starts: after its local header (30 bytes, name, extra field). */
    private static long dataOffset(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        long header = localHeaderOffset(file, entry.getName());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(header + 26);
            int nameLength = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
            int extraLength = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
            return header + 30 + nameLength + extraLength;
        }
    }

    /** Finds an entry's local header by scanning for its signature followed by its name. */
    private static long localHeaderOffset(Path file, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + wanted.length <= bytes.length; i++) {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                int nameLength = (bytes[i + 26] & 0xFF) | (bytes[i + 27] & 0xFF) << 8;
                if (nameLength == wanted.length && java.util.Arrays.equals(bytes, i + 30, i + 30 + nameLength, wanted, 0, nameLength)) {
                    return i;
                }
            }
        }
        throw new AssertionError("no local header for " + name);
    }
}
