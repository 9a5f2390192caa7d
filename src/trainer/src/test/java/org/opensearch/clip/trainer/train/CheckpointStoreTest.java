package org.opensearch.clip.trainer.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    @Test
    void keepsTheNewestCompleteCheckpoints(@TempDir Path out) throws Exception {
        CheckpointStore store = new CheckpointStore(out, 2);
        assertEquals(Optional.empty(), store.latest());
        for (int epoch = 1; epoch <= 3; epoch++) {
            Files.writeString(store.begin(epoch).resolve("file"), "epoch " + epoch);
            store.commit(epoch);
        }
        Path partial = store.begin(4); // a run stopped while writing epoch 4
        Files.writeString(partial.resolve("file"), "half");
        Path latest = store.latest().orElseThrow();
        assertEquals("epoch-0003", latest.getFileName().toString());
        assertEquals(3, CheckpointStore.epochOf(latest));
        assertEquals("epoch 3", Files.readString(latest.resolve("file")));
        assertFalse(Files.exists(out.resolve("checkpoints/epoch-0001")));
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-0002")));
        assertTrue(Files.isDirectory(partial));
        assertTrue(Files.list(store.begin(4)).findAny().isEmpty(), "beginning again starts from an empty folder");
    }
}
