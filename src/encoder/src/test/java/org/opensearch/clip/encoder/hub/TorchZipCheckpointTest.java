package org.opensearch.clip.encoder.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch zip checkpoints are read from their pickle without running it; storages are checked against the zip. */
class TorchZipCheckpointTest {
    @TempDir
    Path temp;

    @Test
    void listsEveryTensorOfATorchSaveStateDict() throws Exception {
        try (TorchZipCheckpoint f = TorchZipCheckpoint.open(HubFixtures.snapshot("openclip-bin-gelu").resolve("open_clip_pytorch_model.bin"))) {
            TensorEntry inProj = f.tensors().get("visual.transformer.resblocks.1.attn.in_proj_weight");
            assertArrayEquals(new long[] { 48, 16 }, inProj.shape());
            assertEquals(48 * 16 * 4, f.read(inProj).remaining());
            assertTrue(f.tensors().containsKey("logit_scale"));
            assertEquals(0, f.tensors().get("logit_scale").shape().length);
        }
    }

    @Test
    void aPickleNamingCodeIsRefusedWithoutRunningIt() throws IOException {
        byte[] pickle = "\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.".getBytes(StandardCharsets.ISO_8859_1);
        Path file = checkpoint(pickle, null, 0);
        HubCheckpointException e = assertThrows(HubCheckpointException.class, () -> TorchZipCheckpoint.open(file));
        assertTrue(e.getMessage().contains("it names os.system, which a state dict does not need (refused)"), e.getMessage());
    }

    @Test
    void aStorageWhoseEntryHoldsOtherBytesThanDeclaredIsRefused() throws Exception {
        Path source = HubFixtures.snapshot("hf-bin-gelu-eos").resolve("pytorch_model.bin");
        byte[] pickle;
        String prefix;
        try (ZipFile zip = new ZipFile(source.toFile())) {
            ZipEntry data = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")).findFirst().orElseThrow();
            prefix = data.getName().substring(0, data.getName().length() - "data.pkl".length());
            pickle = zip.getInputStream(data).readAllBytes();
        }
        Path file = checkpoint(pickle, prefix, 4);
        HubCheckpointException e = assertThrows(HubCheckpointException.class, () -> TorchZipCheckpoint.open(file));
        assertTrue(e.getMessage().matches("c\\.bin: tensor \\[.*\\]: its storage declares \\d+ bytes but .* holds 4"), e.getMessage());
    }

    @Test
    void aTruncatedPickleOrANonZipFileIsRefusedNamingTheFile() throws IOException {
        Path file = checkpoint("\u0080\u0002}q\u0000(X".getBytes(StandardCharsets.ISO_8859_1), null, 0);
        assertTrue(assertThrows(HubCheckpointException.class, () -> TorchZipCheckpoint.open(file)).getMessage().startsWith("c.bin"));
        Path text = Files.writeString(temp.resolve("legacy.bin"), "not a zip");
        assertTrue(assertThrows(HubCheckpointException.class, () -> TorchZipCheckpoint.open(text)).getMessage()
            .startsWith("legacy.bin: not a PyTorch zip checkpoint"));
    }

    /** A zip with {@code archive/data.pkl} and, when {@code prefix} is given, every storage key 0..999 as {@code bytes} stored bytes. */
    private Path checkpoint(byte[] pickle, String prefix, int storageBytes) throws IOException {
        Path file = temp.resolve("c.bin");
        String p = prefix == null ? "archive/" : prefix;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry(p + "data.pkl"));
            out.write(pickle);
            out.closeEntry();
            if (prefix != null) {
                for (int key = 0; key < 1000; key++) {
                    stored(out, p + "data/" + key, new byte[storageBytes]);
                }
            }
        }
        return file;
    }

    private static void stored(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }
}
