package org.opensearch.clip.plugin.zeroshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A label set as stored: its name, its version (the document's version, raised by every replacement) and its
 * contents.
 *
 * @param name        the name
 * @param version     the version
 * @param set         the labels, templates and prompts
 * @param description an optional description, or null
 */
public record StoredLabelSet(String name, long version, LabelSet set, String description) {

    /** The set as the label sets API shows it. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("version", version);
        if (description != null) {
            out.put("description", description);
        }
        out.putAll(set.toMap());
        return out;
    }
}
