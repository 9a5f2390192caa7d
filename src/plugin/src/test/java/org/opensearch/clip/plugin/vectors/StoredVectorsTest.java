package org.opensearch.clip.plugin.vectors;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A stored vector is read as a unit vector, whatever length a client indexed it with, and the source is left as it was. */
class StoredVectorsTest {
    @Test
    void aStoredVectorOfAnyLengthIsReadAsAUnitVector() {
        Map<String, Object> source = Map.of("v", List.of(3.0, 4.0));

        assertArrayEquals(new float[] {0.6f, 0.8f}, StoredVectors.fromSource(source, "v", "[i][1]"), 1e-6f);
        assertEquals(List.of(3.0, 4.0), source.get("v"), "the document's own vector is not changed");
    }

    @Test
    void aVectorInAnObjectFieldIsFoundByItsDottedPath() {
        Map<String, Object> source = Map.of("image", Map.of("vector", List.of(0, 2)));

        assertArrayEquals(new float[] {0f, 1f}, StoredVectors.fromSource(source, "image.vector", "[i][1]"));
    }

    @Test
    void aZeroVectorStaysZero() {
        assertArrayEquals(new float[] {0f, 0f}, StoredVectors.parse(List.of(0, 0), "v"));
    }
}
