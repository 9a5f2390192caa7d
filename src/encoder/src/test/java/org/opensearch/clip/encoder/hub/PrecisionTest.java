package org.opensearch.clip.encoder.hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The precision option as requests and manifests spell it. */
class PrecisionTest {
    @Test
    void parsesTheThreeSpellingsInAnyCase() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.BF16, Precision.parse("BF16"));
        assertEquals(Precision.INT8, Precision.parse(" int8 "));
        assertEquals("bf16", Precision.BF16.option());
    }

    @Test
    void anythingElseIsRefusedNamingTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("precision [fp16] must be one of fp32, bf16, int8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Precision.parse(null));
    }
}
