package org.opensearch.clip.plugin.ivf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IvfModelRefTest {
    @Test
    void parsesANameOrAVersion() {
        IvfModelRef latest = IvfModelRef.parse("images-2024.v_1");
        assertEquals("images-2024.v_1", latest.name());
        assertFalse(latest.pinned());
        assertEquals("images-2024.v_1", latest.toString());
        IvfModelRef pinned = IvfModelRef.parse("images:12");
        assertEquals(12, pinned.version());
        assertTrue(pinned.pinned());
        assertEquals("images:12", pinned.toString());
        assertEquals(pinned, IvfModelRef.of("images", 12));
    }

    @Test
    void refusesWrongReferences() {
        assertEquals("IVF model name [Images] must be 1 to 100 lowercase letters, digits, _, - or ., starting with a letter or digit",
            assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse("Images")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse(""));
        assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse("-x"));
        assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse("x".repeat(101)));
        assertEquals("IVF model reference [a:b] must be name or name:version with a numeric version",
            assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse("a:b")).getMessage());
        assertEquals("IVF model version must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse("a:0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IvfModelRef.parse(null));
    }

    @Test
    void listFieldAndValues() {
        assertEquals("image_vector_ivf_list", IvfListField.of("image_vector"));
        assertEquals("embeddings.image_ivf_list", IvfListField.of("embeddings.image"));
        assertEquals("images:3:17", IvfListField.value(IvfModelRef.of("images", 3), 17));
        assertThrows(IllegalArgumentException.class, () -> IvfListField.value(IvfModelRef.parse("images"), 1));
    }
}
