package org.opensearch.clip.trainer.input;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.PromptTemplates;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochPlanTest {
    private static Dataset dataset(int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new Example(Path.of(i + ".png"), List.of("thing " + i, "item " + i), "g" + i, "g" + i, null));
        }
        return new Dataset("test", examples, PromptTemplates.EMOJI, List.of());
    }

    @Test
    void everyExampleOncePerEpochInFullBatches() {
        List<List<PlannedPair>> batches = EpochPlan.batches(dataset(21), 4, 42, 1);
        assertEquals(5, batches.size()); // 21 = 5 * 4 + 1: the single leftover pair is dropped
        assertEquals(EpochPlan.batchesPerEpoch(21, 4), batches.size());
        Set<Path> seen = new HashSet<>();
        for (List<PlannedPair> batch : batches) {
            assertEquals(4, batch.size());
            for (PlannedPair pair : batch) {
                assertTrue(seen.add(pair.example().image()));
                String number = pair.example().group().substring(1);
                assertTrue(pair.prompt().contains("thing " + number) || pair.prompt().contains("item " + number), pair.prompt());
            }
        }
        assertEquals(6, EpochPlan.batches(dataset(22), 4, 42, 1).size()); // a leftover of 2 is a batch
    }

    @Test
    void aFunctionOfSeedAndEpochOnly() {
        Dataset data = dataset(40);
        assertEquals(EpochPlan.batches(data, 8, 42, 3), EpochPlan.batches(data, 8, 42, 3));
        assertNotEquals(EpochPlan.batches(data, 8, 42, 3), EpochPlan.batches(data, 8, 42, 4));
        assertNotEquals(EpochPlan.batches(data, 8, 42, 3), EpochPlan.batches(data, 8, 43, 3));
    }
}
