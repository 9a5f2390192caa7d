package org.opensearch.clip.plugin.rest;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.plugin.register.ModelSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a register request's body may say, and the 400s (IllegalArgumentException) for what it may not. */
class RegisterRequestBodyTest {
    private static ModelSource source(Map<String, Object> body) {
        return RestClipRegisterModelAction.source(body);
    }

    private static String refusal(Map<String, Object> body) {
        return assertThrows(IllegalArgumentException.class, () -> source(body)).getMessage();
    }

    @Test
    void aCatalogModelTakesEachPrecisionOrNone() {
        for (Precision precision : Precision.values()) {
            assertEquals(precision, source(Map.of("name", "openai/ViT-B-32", "precision", precision.option())).archivePrecision());
        }
        assertNull(source(Map.of("name", "openai/ViT-B-32")).archivePrecision(), "absent: the archive as it is");
    }

    @Test
    void aPrecisionOutsideTheAllowedOnesIsRefusedListingThem() {
        assertEquals("precision [fp16] must be one of fp32, bf16, int8", refusal(Map.of("name", "openai/ViT-B-32", "precision", "fp16")));
        assertEquals("[precision] must be a string, got [16]", refusal(Map.of("name", "openai/ViT-B-32", "precision", 16)));
    }

    @Test
    void aBundleZipTakesNoPrecisionAndHubOnlyFieldsStillNeedASource() {
        assertTrue(refusal(Map.of("name", "x", "url", "https://models.example/x.zip", "sha256", "0".repeat(64), "precision", "bf16"))
            .startsWith("[precision] is for catalog models and Hugging Face checkpoints"));
        assertEquals("[revision] goes with \"source\": \"huggingface\" or \"local\"", refusal(Map.of("name", "openai/ViT-B-32",
            "revision", "main", "precision", "bf16")));
    }
}
