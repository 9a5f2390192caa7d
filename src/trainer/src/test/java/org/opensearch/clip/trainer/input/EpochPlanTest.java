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

    @Test
    void trainingOnlyCaptionsArePickedToo() {
        Example dog = new Example(Path.of("dog.png"), List.of("dog face"), "dog", "dog", null, List.of("woof", "puppy"));
        Example cat = new Example(Path.of("cat.png"), List.of("cat face"), "cat", "cat", null);
        Dataset data = new Dataset("test", List.of(dog, cat), List.of("{}"), List.of());
        Set<String> dogPrompts = new HashSet<>();
        for (int epoch = 1; epoch <= 60; epoch++) {
            for (PlannedPair pair : EpochPlan.batches(data, 2, 7, epoch).get(0)) {
                if (pair.example() == dog) {
                    dogPrompts.add(pair.prompt());
                } else {
                    assertEquals("cat face", pair.prompt());
                }
            }
        }
        assertEquals(Set.of("dog face", "woof", "puppy"), dogPrompts);
    }

    @Test
    void withoutAugmentationThePlanIsTheOneOfEarlierVersions() {
        Dataset data = dataset(30);
        assertEquals(EpochPlan.batches(data, 8, 42, 2), EpochPlan.batches(data, 8, 42, 2, 1));
        for (List<PlannedPair> batch : EpochPlan.batches(data, 8, 42, 2, 1)) {
            batch.forEach(pair -> assertEquals(Augmentation.NONE, pair.augmentation()));
        }
    }

    @Test
    void withAugmentationEveryPairGetsItsOwnSeededCrop() {
        Dataset data = dataset(30);
        List<List<PlannedPair>> plan = EpochPlan.batches(data, 8, 42, 2, 0.8);
        assertEquals(plan, EpochPlan.batches(data, 8, 42, 2, 0.8));
        Set<Augmentation> crops = new HashSet<>();
        plan.forEach(batch -> batch.forEach(pair -> crops.add(pair.augmentation())));
        assertEquals(30, crops.size());
        crops.forEach(crop -> assertTrue(crop.scale() >= 0.8 && crop.scale() <= 1, crop.toString()));
    }
}
