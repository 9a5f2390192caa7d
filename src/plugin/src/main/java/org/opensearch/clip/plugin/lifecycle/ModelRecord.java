package org.opensearch.clip.plugin.lifecycle;

import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One document of the {@code .clip-models} system index: a model every node should have, and whether it should be
 * loaded. A registered model carries its {@code source} (what the register request asked for); a config-directory model
 * has a record only once an operator unloads it, and then no source.
 *
 * @param name the model's name (also the document id)
 * @param source what to register on a node that lacks the model, or null for a config-directory model
 * @param loaded whether nodes keep it loaded ({@code _load}) or unloaded ({@code _unload})
 */
public record ModelRecord(String name, ModelSource source, boolean loaded) implements Writeable {

    /** Reads a record sent by another node. */
    public static ModelRecord readFrom(StreamInput in) throws IOException {
        String name = in.readString();
        ModelSource source = in.readBoolean() ? ModelSource.readFrom(in) : null;
        return new ModelRecord(name, source, in.readBoolean());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeBoolean(source != null);
        if (source != null) {
            source.writeTo(out);
        }
        out.writeBoolean(loaded);
    }

    /** Whether the record is of a model registered through the API (rather than a config-directory bundle's). */
    public boolean registered() {
        return source != null;
    }

    /** The same record, loaded or not. */
    public ModelRecord withLoaded(boolean value) {
        return new ModelRecord(name, source, value);
    }

    /** The document stored in the index. */
    public Map<String, Object> toDocument() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (source != null) {
            out.put("source", source.toMap());
        }
        out.put("loaded", loaded);
        out.put("updated_at", System.currentTimeMillis());
        return out;
    }

    /** A record read back from the index. */
    public static ModelRecord fromDocument(String id, Map<String, Object> document) {
        Object source = document.get("source");
        return new ModelRecord(id, source instanceof Map<?, ?> map ? ModelSource.fromMap(map) : null,
            !Boolean.FALSE.equals(document.get("loaded")));
    }
}
