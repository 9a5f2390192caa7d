package org.opensearch.clip.plugin.zeroshot;

import java.util.List;

/**
 * Where a classification's labels come from: given inline, or the name of a stored label set; either way with
 * optional templates that replace the set's.
 *
 * @param inline    the inline labels (with templates and prompts), or null
 * @param stored    the stored set's name, or null
 * @param templates templates replacing the set's, or empty
 */
public record LabelSource(LabelSet inline, String stored, List<String> templates) {

    /** Exactly one of inline and stored; templates copied and checked. */
    public LabelSource {
        if ((inline == null) == (stored == null)) {
            throw new IllegalArgumentException("give either [labels] or [label_set]");
        }
        templates = templates == null ? List.of() : List.copyOf(templates);
        for (String template : templates) {
            if (!template.contains("{}")) {
                throw new IllegalArgumentException("[templates] each template must contain {} where the label goes, got [" + template + "]");
            }
        }
    }

    /** The set with the request's templates in place of its own (its per-label prompts stay). */
    LabelSet apply(LabelSet set) {
        return templates.isEmpty() ? set : new LabelSet(set.labels(), templates, set.prompts());
    }
}
