package org.opensearch.clip.plugin.ingest;

import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * How the plugin's batch processors answer: new wrappers with each document's failure, the given wrappers left
 * untouched (OpenSearch goes on with the given wrapper of a failed document when {@code ignore_failure} is set, so
 * marking it failed would make ignore_failure fail the document anyway), and a single document run as a batch of one.
 */
final class BatchResults {
    private BatchResults() {}

    /** New wrappers: each document with its earlier failure, or {@code failures[d]}. */
    static List<IngestDocumentWrapper> of(List<IngestDocumentWrapper> documents, Exception[] failures) {
        List<IngestDocumentWrapper> results = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            IngestDocumentWrapper given = documents.get(d);
            Exception failure = given.getException() != null ? given.getException() : failures[d];
            results.add(new IngestDocumentWrapper(given.getSlot(), given.getChildSlot(), given.getIngestDocument(), failure));
        }
        return results;
    }

    /** Runs one document through a batch implementation and hands the handler its document or failure. */
    static void single(IngestDocument document, BiConsumer<List<IngestDocumentWrapper>, Consumer<List<IngestDocumentWrapper>>> batch,
        BiConsumer<IngestDocument, Exception> handler) {
        batch.accept(List.of(new IngestDocumentWrapper(0, 0, document, null)), results -> {
            IngestDocumentWrapper result = results.get(0);
            handler.accept(result.getException() == null ? result.getIngestDocument() : null, result.getException());
        });
    }
}
