package org.opensearch.clip.encoder.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** safetensors files are read only where their header agrees with the file; every claim is checked first. */
class SafetensorsFileTest {
    @TempDir
    Path temp;

    @Test
    void readsTheTensorsOfAHubFixture() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(HubFixtures.snapshot("hf-safetensors-quickgelu").resolve("model.safetensors"))) {
            TensorEntry patch = f.tensors().get("vision_model.embeddings.patch_embedding.weight");
            assertArrayEquals(new long[] { 16, 3, 8, 8 }, patch.shape());
            assertEquals(TensorType.F32, patch.type());
            assertEquals(16 * 3 * 8 * 8 * 4, f.read(patch).remaining());
        }
    }

    @Test
    void readsTheBytesAtTheDeclaredOffsets() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]}}",
            new byte[] { 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0x3c });
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            ByteBuffer a = f.read(f.tensors().get("a")).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1.0f, a.getFloat(0));
            assertEquals(2.0f, a.getFloat(4));
            assertEquals(0x3c00, f.read(f.tensors().get("b")).order(ByteOrder.LITTLE_ENDIAN).getShort(0));
        }
    }

    @Test
    void aHeaderLengthBeyondTheFileOrTheCapIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path file = temp.resolve("huge.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
        assertEquals("huge.safetensors: header length 9223372036854775807 is impossible for a 16-byte file (at most 16777216 bytes are read)",
            assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(file)).getMessage());
        Path negative = temp.resolve("negative.safetensors");
        Files.write(negative, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array());
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(negative)).getMessage().contains("impossible"));
    }

    @Test
    void offsetsOutsideTheDataAreRefused() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}", new byte[8]);
        assertEquals("t.safetensors: tensor [a] has data_offsets [0, 4000000000] outside the file's 8 data bytes",
            assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(file)).getMessage());
    }

    @Test
    void aShapeThatDisagreesWithItsOffsetsIsRefused() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals("t.safetensors: tensor [a]: shape [3] of F32 takes 12 bytes but its data_offsets span 8",
            assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(file)).getMessage());
        Path overflow = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", new byte[8]);
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(overflow)).getMessage().contains("impossible shape"));
    }

    @Test
    void unknownTypesOverlapsAndBrokenHeadersAreRefused() throws IOException {
        Path type = write("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(type)).getMessage().contains("dtype \"C64\""));
        Path overlap = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            new byte[8]);
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(overlap)).getMessage().contains("overlap"));
        Path json = write("{\"a\":", new byte[0]);
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(json)).getMessage().contains("not valid JSON"));
        Path shortFile = temp.resolve("short.safetensors");
        Files.write(shortFile, new byte[3]);
        assertTrue(assertThrows(HubCheckpointException.class, () -> SafetensorsFile.open(shortFile)).getMessage().contains("3 bytes"));
    }

    private Path write(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path file = temp.resolve("t.safetensors");
        Files.write(file, b.array());
        return file;
    }
}
