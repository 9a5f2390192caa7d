package org.opensearch.clip.plugin.ingest;

import org.opensearch.ingest.AbstractProcessor;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A processor that works on batches asynchronously (through the embedding service or a system index): a single
 * document runs as a batch of one, and the synchronous entry point is refused.
 */
abstract class BatchProcessor extends AbstractProcessor {
    private final String why;

    /** {@code why} ends the message of the refused synchronous call: "runs asynchronously ...". */
    BatchProcessor(String tag, String description, String why) {
        super(tag, description);
        this.why = why;
    }

    @Override
    public final IngestDocument execute(IngestDocument document) {
        throw new UnsupportedOperationException("[" + getType() + "] runs asynchronously " + why);
    }

    @Override
    public final void execute(IngestDocument document, BiConsumer<IngestDocument, Exception> handler) {
        BatchResults.single(document, this::batchExecute, handler);
    }

    @Override
    public abstract void batchExecute(List<IngestDocumentWrapper> documents, Consumer<List<IngestDocumentWrapper>> handler);
}
