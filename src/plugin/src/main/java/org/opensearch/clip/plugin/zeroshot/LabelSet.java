package org.opensearch.clip.plugin.zeroshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels to classify into, with the prompt templates that turn a label into texts ({@code {}} stands for the label)
 * and, for some labels, prompts of their own that replace the templates.
 *
 * @param labels    the labels, distinct, in order
 * @param templates the templates, each with one {@code {}}; empty for {@link DefaultTemplates#ENSEMBLE}
 * @param prompts   per-label prompts (label → texts), replacing the templates for those labels
 */
public record LabelSet(List<String> labels, List<String> templates, Map<String, List<String>> prompts) {
    /** The most labels a set may hold. */
    public static final int MAX_LABELS = 10_000;
    /** The most templates a set may hold. */
    public static final int MAX_TEMPLATES = 64;
    static final Set<String> OPTIONS = Set.of("labels", "templates", "prompts", "description");

    /** Validates and copies. */
    public LabelSet {
        labels = List.copyOf(labels);
        templates = List.copyOf(templates);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        prompts.forEach((label, texts) -> copy.put(label, List.copyOf(texts)));
        prompts = Map.copyOf(copy);
        String problem = problem(labels, templates, prompts);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Inline labels with the default templates. */
    public static LabelSet of(List<String> labels) {
        return new LabelSet(labels, List.of(), Map.of());
    }

    /** The templates in force: the set's, or the default ensemble. */
    public List<String> effectiveTemplates() {
        return templates.isEmpty() ? DefaultTemplates.ENSEMBLE : templates;
    }

    /** The texts whose normalised embeddings are averaged into the label's embedding. */
    public List<String> promptsFor(String label) {
        List<String> own = prompts.get(label);
        if (own != null) {
            return own;
        }
        List<String> out = new ArrayList<>();
        for (String template : effectiveTemplates()) {
            out.add(template.replace("{}", label));
        }
        return out;
    }

    private static String problem(List<String> labels, List<String> templates, Map<String, List<String>> prompts) {
        if (labels.isEmpty()) {
            return "[labels] must hold at least one label";
        }
        if (labels.size() > MAX_LABELS) {
            return "[labels] holds " + labels.size() + " labels, more than " + MAX_LABELS;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                return "[labels] must not hold empty labels";
            }
            if (!seen.add(label)) {
                return "[labels] holds [" + label + "] twice";
            }
        }
        if (templates.size() > MAX_TEMPLATES) {
            return "[templates] holds " + templates.size() + " templates, more than " + MAX_TEMPLATES;
        }
        for (String template : templates) {
            if (template == null || !template.contains("{}")) {
                return "[templates] each template must contain {} where the label goes, got [" + template + "]";
            }
        }
        for (Map.Entry<String, List<String>> entry : prompts.entrySet()) {
            if (!seen.contains(entry.getKey())) {
                return "[prompts] names [" + entry.getKey() + "], which is not one of the labels";
            }
            if (entry.getValue().isEmpty() || entry.getValue().stream().anyMatch(p -> p == null || p.isBlank())) {
                return "[prompts." + entry.getKey() + "] must be a non-empty array of non-empty texts";
            }
        }
        return null;
    }

    /**
     * Reads {@code {"labels": [...], "templates"?: [...], "prompts"?: {"<label>": [...]}}}, refusing unknown options and
     * wrong types with a message naming the option; {@code allowed} names the options the caller accepts.
     */
    public static LabelSet fromMap(Map<String, Object> body, Set<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option [" + key + "]; a label set takes " + allowed.stream().sorted().toList());
            }
        }
        List<String> labels = strings(body.get("labels"), "labels", true);
        List<String> templates = body.get("templates") == null ? List.of() : strings(body.get("templates"), "templates", true);
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        Object given = body.get("prompts");
        if (given != null) {
            if (!(given instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("[prompts] must be an object of label → array of texts");
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                prompts.put(entry.getKey().toString(), strings(entry.getValue(), "prompts." + entry.getKey(), true));
            }
        }
        return new LabelSet(labels, templates, prompts);
    }

    /** The set as stored and shown: labels, templates (when given) and prompts (when given). */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("labels", labels);
        if (!templates.isEmpty()) {
            out.put("templates", templates);
        }
        if (!prompts.isEmpty()) {
            out.put("prompts", prompts);
        }
        return out;
    }

    /** A list option of strings; {@code required} makes absence an error. */
    static List<String> strings(Object value, String option, boolean required) {
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException("[" + option + "] is required");
            }
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("[" + option + "] must be a string or an array of strings, got [" + value + "]");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("[" + option + "] must hold only strings, found [" + item + "]");
            }
            out.add(s);
        }
        return out;
    }
}
