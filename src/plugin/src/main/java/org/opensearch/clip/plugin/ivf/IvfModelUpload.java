package org.opensearch.clip.plugin.ivf;

import org.opensearch.clip.encoder.ivf.Centroids;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the body of {@code PUT _plugins/_clip/ivf/models/{name}}: centroids trained elsewhere (by the trainer's
 * {@code ivf} command, say) become the next version of the model.
 */
public final class IvfModelUpload {
    /** The most lists a model may have. */
    public static final int MAX_LISTS = 65_536;
    /** The most floats a model's centroids may hold (64 MB). */
    public static final long MAX_FLOATS = 16L * 1024 * 1024;
    private static final Set<String> OPTIONS = new TreeSet<>(List.of("space_type", "centroids", "description", "training"));

    private IvfModelUpload() {}

    /**
     * The model a body describes.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    @SuppressWarnings("unchecked")
    public static IvfModel fromBody(String name, Map<String, Object> body) {
        IvfModelRef ref = IvfModelRef.parse(name);
        if (ref.pinned()) {
            throw new IllegalArgumentException("upload a model by name; versions are assigned: got [" + name + "]");
        }
        for (String key : body.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option [" + key + "]; an upload takes " + OPTIONS);
            }
        }
        Object spaceLabel = body.get("space_type");
        SpaceType space;
        try {
            space = spaceLabel == null ? SpaceType.COSINE : SpaceType.fromLabel(spaceLabel.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[space_type] " + e.getMessage());
        }
        if (!(body.get("centroids") instanceof List<?> rows) || rows.isEmpty()) {
            throw new IllegalArgumentException("[centroids] is required: an array of nlist arrays of dimension numbers");
        }
        if (rows.size() > MAX_LISTS) {
            throw new IllegalArgumentException("[centroids] holds " + rows.size() + " lists, at most " + MAX_LISTS + " are allowed");
        }
        float[][] centroids = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof List<?> row) || row.isEmpty()) {
                throw new IllegalArgumentException("[centroids][" + i + "] must be a non-empty array of numbers");
            }
            if ((long) rows.size() * row.size() > MAX_FLOATS) {
                throw new IllegalArgumentException("[centroids] would hold more than " + MAX_FLOATS + " numbers");
            }
            centroids[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!(row.get(j) instanceof Number number)) {
                    throw new IllegalArgumentException("[centroids][" + i + "][" + j + "] must be a number, got [" + row.get(j) + "]");
                }
                centroids[i][j] = number.floatValue();
            }
        }
        Centroids parsed;
        try {
            parsed = new Centroids(space, centroids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[centroids] " + e.getMessage());
        }
        Object training = body.get("training");
        if (training != null && !(training instanceof Map)) {
            throw new IllegalArgumentException("[training] must be an object (what the training recorded)");
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("source", "upload");
        if (training != null) {
            ((Map<String, Object>) training).forEach((key, value) -> {
                if (value != null) {
                    recorded.put(key, value);
                }
            });
        }
        Object description = body.get("description");
        return IvfModel.trained(ref.name(), parsed, description == null ? null : description.toString(), recorded);
    }
}
