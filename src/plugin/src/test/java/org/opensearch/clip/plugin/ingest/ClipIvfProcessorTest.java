package org.opensearch.clip.plugin.ingest;

import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchParseException;
import org.opensearch.ingest.IngestDocument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clip_ivf processor's configuration and the documents it refuses before any model is looked up. */
class ClipIvfProcessorTest {
    private final ClipIvfProcessorFactory factory = new ClipIvfProcessorFactory(() -> null);

    private ClipIvfProcessor create(Map<String, Object> config) {
        return factory.create(Map.of(), "t", null, new HashMap<>(config));
    }

    private static String problem(ClipIvfProcessorFactory factory, Map<String, Object> config) {
        return assertThrows(OpenSearchParseException.class, () -> factory.create(Map.of(), "t", null, new HashMap<>(config))).getMessage();
    }

    @Test
    void configurationErrorsNameTheOption() {
        assertEquals("[field] required property is missing", problem(factory, Map.of("ivf_model", "pets")));
        assertEquals("[ivf_model] required property is missing", problem(factory, Map.of("field", "v")));
        assertTrue(problem(factory, Map.of("field", "v", "ivf_model", "Pets")).startsWith("[ivf_model] IVF model name [Pets] must be"));
        assertEquals("[ivf_model] IVF model reference [pets:x] must be name or name:version with a numeric version",
            problem(factory, Map.of("field", "v", "ivf_model", "pets:x")));
        assertEquals(ClipIvfProcessor.TYPE, create(Map.of("field", "v", "ivf_model", "pets:3")).getType());
    }

    private static Exception run(ClipIvfProcessor processor, IngestDocument document) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<IngestDocument> result = new AtomicReference<>();
        processor.execute(document, (doc, e) -> {
            result.set(doc);
            failure.set(e);
        });
        if (failure.get() == null) {
            assertSame(document, result.get());
        }
        return failure.get();
    }

    @Test
    void documentsWithoutAUsableVectorFailOrPass() {
        IngestDocument empty = new IngestDocument(new HashMap<>(Map.of("title", "x")), new HashMap<>());
        assertTrue(run(create(Map.of("field", "v", "ivf_model", "pets")), empty).getMessage().contains("field [v] is missing"));
        assertNull(run(create(Map.of("field", "v", "ivf_model", "pets", "ignore_missing", true)), empty));
        IngestDocument text = new IngestDocument(new HashMap<>(Map.of("v", "not a vector")), new HashMap<>());
        assertTrue(run(create(Map.of("field", "v", "ivf_model", "pets")), text).getMessage().contains("must hold a vector"));
        IngestDocument mixed = new IngestDocument(new HashMap<>(Map.of("v", List.of(1, "x"))), new HashMap<>());
        assertTrue(run(create(Map.of("field", "v", "ivf_model", "pets")), mixed).getMessage().contains("item 1 is x"));
    }
}
