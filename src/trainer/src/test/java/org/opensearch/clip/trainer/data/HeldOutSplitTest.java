package org.opensearch.clip.trainer.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutSplitTest {
    private static Dataset dataset(int keys, int perKey) {
        List<Example> examples = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            for (int i = 0; i < perKey; i++) {
                examples.add(new Example(Path.of("set" + i, "e" + k + ".png"), List.of("emoji " + k), "e" + k, "e" + k, null));
            }
        }
        return new Dataset("test", examples, PromptTemplates.EMOJI, List.of());
    }

    @Test
    void holdsOutWholeSplitKeysAndIsDeterministic() {
        Dataset dataset = dataset(50, 2);
        HeldOutSplit split = HeldOutSplit.of(dataset, 0.1, 42);
        assertEquals(10, split.validation().examples().size());
        assertEquals(90, split.train().examples().size());
        Set<String> trainKeys = new HashSet<>();
        split.train().examples().forEach(e -> trainKeys.add(e.splitKey()));
        split.validation().examples().forEach(e -> assertFalse(trainKeys.contains(e.splitKey()), e.splitKey() + " is on both sides"));
        assertEquals(split, HeldOutSplit.of(dataset, 0.1, 42));
        assertNotEquals(split.validation().examples(), HeldOutSplit.of(dataset, 0.1, 7).validation().examples());
    }

    @Test
    void doesNotDependOnFileOrder() {
        Dataset dataset = dataset(30, 1);
        List<Example> reversed = new ArrayList<>(dataset.examples());
        java.util.Collections.reverse(reversed);
        Set<Example> a = new HashSet<>(HeldOutSplit.of(dataset, 0.2, 1).validation().examples());
        Set<Example> b = new HashSet<>(HeldOutSplit.of(dataset.withExamples("reversed", reversed), 0.2, 1).validation().examples());
        assertEquals(a, b);
    }

    @Test
    void holdsOutAtLeastOneKeyAndRefusesToHoldOutEverything() {
        assertTrue(HeldOutSplit.of(dataset(5, 1), 0.01, 1).validation().examples().size() == 1);
        assertTrue(HeldOutSplit.of(dataset(5, 1), 0, 1).validation().examples().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.of(dataset(1, 3), 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.of(dataset(5, 1), 1.0, 1));
    }
}
