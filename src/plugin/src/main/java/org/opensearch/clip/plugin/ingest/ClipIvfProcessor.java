package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.ivf.IvfAssigner;
import org.opensearch.clip.plugin.ivf.IvfListField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.AbstractProcessor;
import org.opensearch.ingest.IngestDocument;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes the IVF list of a vector that is already in the document (computed elsewhere, or indexed before the model
 * was trained) into {@code <field>_ivf_list}: for vectors that do not come from the {@code clip_embedding}
 * processor, and for {@code _update_by_query} after training a new model version.
 */
public final class ClipIvfProcessor extends AbstractProcessor {
    /** The processor's name in pipeline definitions. */
    public static final String TYPE = "clip_ivf";

    private final String field;
    private final IvfAssigner assigner;
    private final boolean ignoreMissing;

    ClipIvfProcessor(String tag, String description, String field, IvfAssigner assigner, boolean ignoreMissing) {
        super(tag, description);
        this.field = field;
        this.assigner = assigner;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        throw new UnsupportedOperationException("[" + TYPE + "] runs asynchronously: the IVF model is read from the model index");
    }

    @Override
    public void execute(IngestDocument document, BiConsumer<IngestDocument, Exception> handler) {
        Object value = document.hasField(field) ? document.getFieldValue(field, Object.class) : null;
        if (value == null) {
            if (ignoreMissing) {
                handler.accept(document, null);
            } else {
                handler.accept(null, new IllegalArgumentException("[" + TYPE + "] field [" + field
                    + "] is missing; set ignore_missing to skip such documents"));
            }
            return;
        }
        float[] vector;
        try {
            vector = vectorOf(value);
        } catch (IllegalArgumentException e) {
            handler.accept(null, e);
            return;
        }
        assigner.resolve(ActionListener.wrap(model -> {
            document.setFieldValue(IvfListField.of(field), IvfAssigner.listValue(model, vector));
            handler.accept(document, null);
        }, e -> handler.accept(null, new IllegalArgumentException("[" + TYPE + "] field [" + field + "]: " + e.getMessage(), e))));
    }

    private float[] vectorOf(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("[" + TYPE + "] field [" + field + "] must hold a vector (an array of numbers)");
        }
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            if (!(list.get(i) instanceof Number number)) {
                throw new IllegalArgumentException("[" + TYPE + "] field [" + field + "] must hold a vector; item " + i + " is "
                    + list.get(i));
            }
            vector[i] = number.floatValue();
        }
        return vector;
    }
}
