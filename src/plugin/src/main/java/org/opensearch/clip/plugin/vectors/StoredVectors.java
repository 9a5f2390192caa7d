package org.opensearch.clip.plugin.vectors;

import org.opensearch.clip.encoder.math.Vectors;

import java.util.List;
import java.util.Map;

/**
 * Reads a vector that a document holds in its {@code _source} (a {@code knn_vector} field as indexed: an array of
 * numbers), by a field path with dots for object fields, as a unit vector: a vector indexed by a client need not have
 * unit length, and cosines, softmax probabilities and embedding arithmetic all assume one.
 */
public final class StoredVectors {
    private StoredVectors() {}

    /**
     * The vector at {@code field}, L2-normalised, or an {@link IllegalArgumentException} saying why there is none (missing field, kept
     * out of {@code _source}, not an array of numbers).
     */
    public static float[] fromSource(Map<String, Object> source, String field, String document) {
        if (source == null) {
            throw new IllegalArgumentException("document " + document + " has no _source to read [" + field + "] from");
        }
        Object value = at(source, field);
        if (value == null) {
            throw new IllegalArgumentException("document " + document + " has no vector in [" + field + "] (missing, or excluded from "
                + "_source)");
        }
        return parse(value, "document " + document + " field [" + field + "]");
    }

    /**
     * A value as a new, L2-normalised vector (a zero vector stays zero); {@code what} names it in the message when it is
     * not an array of numbers.
     */
    public static float[] parse(Object value, String what) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(what + " is not a vector (an array of numbers)");
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(what + " is not a vector (an array of numbers)");
            }
            out[i] = n.floatValue();
        }
        return Vectors.normalize(out);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> source, String field) {
        if (source.containsKey(field)) {
            return source.get(field);
        }
        int dot = field.indexOf('.');
        while (dot > 0) {
            Object head = source.get(field.substring(0, dot));
            if (head instanceof Map<?, ?> inner) {
                Object found = at((Map<String, Object>) inner, field.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
            dot = field.indexOf('.', dot + 1);
        }
        return null;
    }
}
