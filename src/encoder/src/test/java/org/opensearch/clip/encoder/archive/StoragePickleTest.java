package org.opensearch.clip.encoder.archive;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storages of TorchScript tensor pickles, and HalfStorage renamed to FloatStorage without disturbing the rest. */
class StoragePickleTest {
    private static byte[] dataPickle(String bundle) throws URISyntaxException, IOException {
        Path archive = Path.of(StoragePickleTest.class.getResource("/models/" + bundle + "/model.pt").toURI());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.getInputStream(zip.getEntry("model/data.pkl")).readAllBytes();
        }
    }

    @Test
    void findsTheHalfStoragesAndRenamesTheirType() throws URISyntaxException, IOException {
        byte[] pickle = dataPickle("tiny-archive-fp16");
        StoragePickle.Result result = StoragePickle.rewrite(pickle, "data.pkl", true);
        assertFalse(result.halfKeys().isEmpty());
        assertTrue(result.halfKeys().size() < result.storages(), "LayerNorm weights stay float32");
        String before = new String(pickle, StandardCharsets.ISO_8859_1);
        String after = new String(result.bytes(), StandardCharsets.ISO_8859_1);
        assertEquals(before.replace("ctorch\nHalfStorage\n", "ctorch\nFloatStorage\n"), after);
        assertTrue(before.contains("cuda:0"), "the storages were saved for cuda:0 (loading maps them)");

        StoragePickle.Result again = StoragePickle.rewrite(result.bytes(), "data.pkl", true);
        assertTrue(again.halfKeys().isEmpty());
        assertEquals(result.storages(), again.storages());
    }

    @Test
    void withoutWideningThePickleIsCopiedAsItIs() throws URISyntaxException, IOException {
        byte[] pickle = dataPickle("tiny-archive-fp16");
        StoragePickle.Result result = StoragePickle.rewrite(pickle, "data.pkl", false);
        assertArrayEquals(pickle, result.bytes());
        assertFalse(result.halfKeys().isEmpty());
    }

    @Test
    void aFloat32ArchiveHasNoHalfStorages() throws URISyntaxException, IOException {
        byte[] pickle = dataPickle("tiny-archive");
        StoragePickle.Result result = StoragePickle.rewrite(pickle, "data.pkl", true);
        assertTrue(result.halfKeys().isEmpty());
        assertArrayEquals(pickle, result.bytes());
    }

    @Test
    void brokenOrUnsupportedPicklesAreRefusedWithTheEntryName() throws URISyntaxException, IOException {
        byte[] pickle = dataPickle("tiny-archive-fp16");
        ArchiveException truncated = assertThrows(ArchiveException.class,
            () -> StoragePickle.rewrite(Arrays.copyOf(pickle, pickle.length / 2), "model/data.pkl", true));
        assertTrue(truncated.getMessage().startsWith("model/data.pkl: pickle "), truncated.getMessage());
        byte[] protocol4 = { (byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '.' };
        ArchiveException newer = assertThrows(ArchiveException.class, () -> StoragePickle.rewrite(protocol4, "x.pkl", true));
        assertEquals("x.pkl: pickle protocol 4 is not supported (TorchScript writes protocol 2)", newer.getMessage());
    }
}
