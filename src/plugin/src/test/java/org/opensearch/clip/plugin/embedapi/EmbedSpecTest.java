package org.opensearch.clip.plugin.embedapi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code _embed} body: texts and/or images, an optional model, every mistake named. */
class EmbedSpecTest {
    private static void assertRefused(String message, Map<String, Object> body) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> EmbedSpec.parse(body)).getMessage());
    }

    @Test
    void textsAloneAreEnough() {
        EmbedSpec spec = EmbedSpec.parse(Map.of("texts", List.of("a cat", "xyzzy")));
        assertEquals(List.of("a cat", "xyzzy"), spec.texts());
        assertEquals(List.of(), spec.images());
        assertNull(spec.model());
    }

    @Test
    void mistakesAreRefusedNamingTheOption() {
        assertRefused("[_embed] needs [texts] or [images] (or both): arrays of strings", Map.of());
        assertRefused("[_embed] unknown option [text]; it takes [images, model, texts]", Map.of("text", "a cat"));
        assertRefused("[_embed] [texts] must be an array of strings, got [a cat]", Map.of("texts", "a cat"));
        assertRefused("[_embed] [images] must hold only strings, found [1]", Map.of("images", List.of(1)));
        assertRefused("[_embed] [texts] item 0 is empty", Map.of("texts", List.of(" ")));
        assertRefused("[_embed] [model] must be a non-empty string, got [3]", Map.of("texts", List.of("a"), "model", 3));
    }
}
