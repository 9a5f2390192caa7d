package org.opensearch.clip.trainer.data;

import java.util.List;

/**
 * Image-caption examples plus how captions become prompts.
 *
 * @param name      a short name for reports, e.g. {@code emoji:google,twitter}
 * @param examples  the examples, in a stable order
 * @param templates prompt templates with {@code {}} for the caption; training picks one at random, evaluation
 *                  uses the first, zero-shot classification averages all
 * @param classes   the sorted class names of class-folder data, empty for other data
 */
public record Dataset(String name, List<Example> examples, List<String> templates, List<String> classes) {
    /** Validates and copies the lists. */
    public Dataset {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " needs at least one prompt template");
        }
        for (String template : templates) {
            if (!template.contains("{}")) {
                throw new IllegalArgumentException("prompt template [" + template + "] has no {} for the caption");
            }
        }
        examples = List.copyOf(examples);
        templates = List.copyOf(templates);
        classes = List.copyOf(classes);
    }

    /** The same dataset with other examples (a split of this one). */
    public Dataset withExamples(String splitName, List<Example> subset) {
        return new Dataset(name + "/" + splitName, subset, templates, classes);
    }

    /** Whether the examples carry class labels, so zero-shot classification can be measured. */
    public boolean isClassification() {
        return !classes.isEmpty();
    }

    /** The caption placed in a prompt template. */
    public static String prompt(String template, String caption) {
        return template.replace("{}", caption);
    }
}
