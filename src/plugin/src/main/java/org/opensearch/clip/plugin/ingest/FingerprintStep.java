package org.opensearch.clip.plugin.ingest;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.clip.plugin.fingerprint.FieldFingerprints;
import org.opensearch.clip.plugin.fingerprint.FingerprintGuard;
import org.opensearch.clip.plugin.fingerprint.ModelFingerprint;
import org.opensearch.cluster.ClusterState;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fingerprint part of a {@code clip_embedding} batch: before embedding, a document whose target field was filled
 * by another model fails with both models named; after it, the fields written for the first time get the model's
 * fingerprint recorded in their index's mapping before the documents go on.
 */
final class FingerprintStep {
    private static final Logger logger = LogManager.getLogger(FingerprintStep.class);

    private final FingerprintGuard guard;
    private final ModelFingerprint model;
    private final ClusterState state;
    /** Concrete index to the target fields of this batch that have no fingerprint yet. */
    private final Map<String, Map<String, ModelFingerprint>> toRecord = new LinkedHashMap<>();

    private FingerprintStep(FingerprintGuard guard, ModelFingerprint model) {
        this.guard = guard;
        this.model = model;
        this.state = guard.state();
    }

    /** The step for a batch embedded by {@code model}; null (no checks) without a guard or a loaded model. */
    static FingerprintStep of(FingerprintGuard guard, ModelFingerprint model) {
        return guard == null || model == null ? null : new FingerprintStep(guard, model);
    }

    /** Why {@code document} may not have {@code targets} written by this model, or null when it may. */
    String refusal(IngestDocument document, List<String> targets) {
        String index = FieldFingerprints.writeIndex(state, indexOf(document));
        if (index == null) {
            return null; // the index is created after the pipeline ran: the next batch records the fields
        }
        for (String target : targets) {
            String refusal = FingerprintGuard.ingestRefusal(state, index, target, model);
            if (refusal != null) {
                return "[" + ClipEmbeddingProcessor.TYPE + "] " + refusal;
            }
        }
        return null;
    }

    /** Notes that {@code document} (which did not fail) wrote {@code targets}. */
    void wrote(IngestDocument document, List<String> targets) {
        String index = FieldFingerprints.writeIndex(state, indexOf(document));
        if (index == null) {
            return;
        }
        for (String target : targets) {
            if (FingerprintGuard.unrecorded(state, index, target)) {
                toRecord.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(target, model);
            }
        }
    }

    /** Records what {@link #wrote} collected, then runs {@code then} (once, whether recording worked or not). */
    void recordThen(Runnable then) {
        if (toRecord.isEmpty()) {
            then.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(toRecord.size());
        for (Map.Entry<String, Map<String, ModelFingerprint>> index : toRecord.entrySet()) {
            guard.record(index.getKey(), index.getValue(), ActionListener.wrap(done -> {
                if (left.decrementAndGet() == 0) {
                    then.run();
                }
            }, e -> {
                logger.warn("recording the CLIP model of index [" + index.getKey() + "] fields " + index.getValue().keySet()
                    + " failed; the next ingest tries again", e);
                if (left.decrementAndGet() == 0) {
                    then.run();
                }
            }));
        }
    }

    private static String indexOf(IngestDocument document) {
        Object index = document.getSourceAndMetadata().get(IngestDocument.Metadata.INDEX.getFieldName());
        return index == null ? null : index.toString();
    }

    /** The wrappers of a batch that have a document to check. */
    static boolean live(IngestDocumentWrapper wrapper) {
        return wrapper.getException() == null && wrapper.getIngestDocument() != null;
    }
}
