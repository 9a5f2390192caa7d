package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.embed.EmbeddingInput;
import org.opensearch.clip.plugin.embed.EmbeddingPart;
import org.opensearch.clip.plugin.embed.EmbeddingRequest;
import org.opensearch.clip.plugin.embed.EmbeddingResponse;
import org.opensearch.clip.plugin.embed.EmbeddingResult;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embed.ImageSource;
import org.opensearch.clip.plugin.embed.Lane;
import org.opensearch.clip.plugin.fingerprint.FingerprintGuard;
import org.opensearch.clip.plugin.fingerprint.ModelFingerprint;
import org.opensearch.clip.plugin.ivf.IvfAssigner;
import org.opensearch.clip.plugin.ivf.IvfListField;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Embeds image and caption fields into vector fields with a CLIP model, through the embedding service: the fields
 * of a bulk request's documents go in as one request in the ingest lane (each document a group, capped by
 * {@code clip.inference.max_images_per_document}); a field that cannot be embedded fails its own document only.
 * Several values in one field (an array) are embedded one by one and averaged into one normalised vector. With an IVF
 * model, each vector's list goes into {@code <target>_ivf_list} as well. With {@code remove_binary}, the embedded
 * base64 / data URI image values are removed from the document afterwards (image URLs are kept).
 */
public final class ClipEmbeddingProcessor extends BatchProcessor {
    /** The processor's name in pipeline definitions. */
    public static final String TYPE = "clip_embedding";

    private final List<FieldMapping> fieldMap;
    private final String model;
    private final boolean ignoreMissing;
    private final boolean removeBinary;
    private final EmbeddingService embeddings;
    private final IvfAssigner ivf;
    private final FingerprintGuard fingerprints;

    ClipEmbeddingProcessor(
        String tag,
        String description,
        List<FieldMapping> fieldMap,
        String model,
        boolean ignoreMissing,
        boolean removeBinary,
        EmbeddingService embeddings,
        IvfAssigner ivf,
        FingerprintGuard fingerprints
    ) {
        super(tag, description, "through the embedding service");
        this.fieldMap = List.copyOf(fieldMap);
        this.model = model;
        this.ignoreMissing = ignoreMissing;
        this.removeBinary = removeBinary;
        this.embeddings = embeddings;
        this.ivf = ivf;
        this.fingerprints = fingerprints;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    /** The configured field mappings, in order. */
    public List<FieldMapping> fieldMap() {
        return fieldMap;
    }

    /** The configured model, or null for the node's default. */
    public String model() {
        return model;
    }

    /**
     * Answers with new wrappers and leaves the given ones untouched: OpenSearch's CompoundProcessor goes on with the
     * given wrapper of a failed document when the processor has {@code ignore_failure} set, so marking the given
     * wrapper as failed would make ignore_failure fail the document anyway.
     */
    @Override
    public void batchExecute(List<IngestDocumentWrapper> documents, Consumer<List<IngestDocumentWrapper>> handler) {
        if (ivf == null) {
            embedBatch(documents, null, handler);
            return;
        }
        ivf.resolve(new ActionListener<>() {
            @Override
            public void onResponse(IvfModel resolved) {
                int clipDimension = embeddings.registry().dimension(model);
                if (resolved.dimension() != clipDimension) {
                    onFailure(new IllegalArgumentException("IVF model [" + resolved.ref() + "] has dimension " + resolved.dimension()
                        + " but model [" + embeddings.registry().resolveName(model) + "] makes vectors of dimension " + clipDimension));
                    return;
                }
                embedBatch(documents, resolved, handler);
            }

            @Override
            public void onFailure(Exception e) {
                handler.accept(failAll(documents, new IllegalArgumentException("[" + TYPE + "] " + e.getMessage(), e)));
            }
        });
    }

    /** The fingerprint of the model this processor embeds with, or null while it is not loaded (embedding then fails anyway). */
    private ModelFingerprint modelFingerprint() {
        if (fingerprints == null) {
            return null;
        }
        try {
            return ModelFingerprint.of(embeddings.registry().encoder(model).manifest());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> targets(List<PendingField> fields) {
        return fields.stream().map(f -> f.mapping.target()).toList();
    }

    private static List<IngestDocumentWrapper> failAll(List<IngestDocumentWrapper> documents, Exception e) {
        Exception[] failures = new Exception[documents.size()];
        Arrays.fill(failures, e);
        return BatchResults.of(documents, failures);
    }

    /**
     * Embeds the documents' fields and writes the vectors (and, with an IVF model, each vector's list next to it) to the
     * documents that did not fail.
     */
    private void embedBatch(List<IngestDocumentWrapper> documents, IvfModel ivfModel, Consumer<List<IngestDocumentWrapper>> handler) {
        Exception[] failures = new Exception[documents.size()];
        List<PendingField> pending = new ArrayList<>();
        FingerprintStep fingerprint = FingerprintStep.of(fingerprints, modelFingerprint());
        for (int d = 0; d < documents.size(); d++) {
            IngestDocumentWrapper wrapper = documents.get(d);
            if (!FingerprintStep.live(wrapper)) {
                continue;
            }
            try {
                List<PendingField> fields = collectInputs(d, wrapper.getIngestDocument());
                String refusal = fingerprint == null ? null : fingerprint.refusal(wrapper.getIngestDocument(), targets(fields));
                if (refusal != null) {
                    failures[d] = new IllegalArgumentException(refusal);
                    continue;
                }
                pending.addAll(fields);
            } catch (IllegalArgumentException e) {
                failures[d] = e;
            }
        }
        if (pending.isEmpty()) {
            handler.accept(BatchResults.of(documents, failures));
            return;
        }
        List<EmbeddingInput> inputs = new ArrayList<>(pending.size());
        for (PendingField field : pending) {
            inputs.add(field.input());
        }
        // the handler is called exactly once, outside any catch: a failure thrown by what runs after the pipeline must not
        // make the documents go through it a second time
        embeddings.embed(new EmbeddingRequest(model, Lane.INGEST, inputs), new ActionListener<>() {
            @Override
            public void onResponse(EmbeddingResponse response) {
                List<IngestDocumentWrapper> out;
                try {
                    out = written(documents, pending, response.results(), failures, ivfModel);
                } catch (RuntimeException e) {
                    out = failPending(documents, pending, failures, e);
                }
                if (fingerprint == null) {
                    handler.accept(out);
                    return;
                }
                for (int d = 0; d < documents.size(); d++) {
                    if (failures[d] == null && FingerprintStep.live(documents.get(d))) {
                        int document = d;
                        fingerprint.wrote(documents.get(d).getIngestDocument(),
                            targets(pending.stream().filter(f -> f.documentIndex == document).toList()));
                    }
                }
                List<IngestDocumentWrapper> done = out;
                fingerprint.recordThen(() -> handler.accept(done));
            }

            @Override
            public void onFailure(Exception e) {
                handler.accept(failPending(documents, pending, failures, e));
            }
        });
    }

    /** Writes the vectors of the documents that did not fail (with their IVF lists, and dropping binaries if asked). */
    private List<IngestDocumentWrapper> written(List<IngestDocumentWrapper> documents, List<PendingField> pending,
        List<EmbeddingResult> embedded, Exception[] failures, IvfModel ivfModel) {
        for (int i = 0; i < pending.size(); i++) {
            PendingField field = pending.get(i);
            if (embedded.get(i).isFailure() && failures[field.documentIndex] == null) {
                failures[field.documentIndex] = embedded.get(i).failure();
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingField field = pending.get(i);
            if (failures[field.documentIndex] == null) {
                float[] vector = embedded.get(i).vector();
                IngestDocument document = documents.get(field.documentIndex).getIngestDocument();
                document.setFieldValue(field.mapping.target(), asList(vector));
                if (ivfModel != null) {
                    document.setFieldValue(IvfListField.of(field.mapping.target()), IvfAssigner.listValue(ivfModel, vector));
                }
                if (removeBinary && field.mapping.type() == InputType.IMAGE) {
                    keepOnlyUrls(document, field);
                }
            }
        }
        return BatchResults.of(documents, failures);
    }

    private static List<IngestDocumentWrapper> failPending(List<IngestDocumentWrapper> documents, List<PendingField> pending,
        Exception[] failures, Exception e) {
        for (PendingField field : pending) {
            if (failures[field.documentIndex] == null) {
                failures[field.documentIndex] = e;
            }
        }
        return BatchResults.of(documents, failures);
    }

    /** {@code remove_binary}: the embedded image values leave the document, image URLs stay (a field left empty goes). */
    private static void keepOnlyUrls(IngestDocument document, PendingField field) {
        List<String> urls = new ArrayList<>();
        for (String value : field.values) {
            if (ImageSource.of(value).kind() == ImageSource.Kind.URL) {
                urls.add(value);
            }
        }
        if (urls.isEmpty()) {
            document.removeField(field.mapping.source());
        } else if (urls.size() < field.values.size()) {
            document.setFieldValue(field.mapping.source(), urls.size() == 1 && !(document.getFieldValue(field.mapping.source(), Object.class)
                instanceof List<?>) ? urls.get(0) : urls);
        }
    }

    private List<PendingField> collectInputs(int documentIndex, IngestDocument document) {
        List<PendingField> pending = new ArrayList<>(fieldMap.size());
        for (FieldMapping mapping : fieldMap) {
            Object value = document.hasField(mapping.source()) ? document.getFieldValue(mapping.source(), Object.class) : null;
            List<String> values = values(mapping, value);
            if (values.isEmpty()) {
                if (ignoreMissing) {
                    continue;
                }
                throw new IllegalArgumentException(
                    "[" + TYPE + "] field [" + mapping.source() + "] is missing or empty; set ignore_missing to skip such documents"
                );
            }
            pending.add(new PendingField(documentIndex, mapping, values));
        }
        return pending;
    }

    private static List<String> values(FieldMapping mapping, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return s.isEmpty() ? List.of() : List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException(
                        "[" + TYPE + "] field [" + mapping.source() + "] must hold strings, found an item of type "
                            + (item == null ? "null" : item.getClass().getSimpleName())
                    );
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException(
            "[" + TYPE + "] field [" + mapping.source() + "] must be a string or an array of strings, found "
                + value.getClass().getSimpleName()
        );
    }

    private static List<Float> asList(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float v : vector) {
            out.add(v);
        }
        return out;
    }

    /** One source field of one document on its way through the model. */
    private static final class PendingField {
        final int documentIndex;
        final FieldMapping mapping;
        final List<String> values;

        PendingField(int documentIndex, FieldMapping mapping, List<String> values) {
            this.documentIndex = documentIndex;
            this.mapping = mapping;
            this.values = values;
        }

        /** The field as one input of the embedding service: its values, equally weighted, grouped by document. */
        EmbeddingInput input() {
            List<EmbeddingPart> parts = new ArrayList<>(values.size());
            for (String value : values) {
                parts.add(mapping.type() == InputType.TEXT ? EmbeddingPart.text(value, 1.0) : EmbeddingPart.image(ImageSource.of(value), 1.0));
            }
            return new EmbeddingInput(documentIndex, "[" + TYPE + "] field [" + mapping.source() + "]", parts);
        }
    }
}
