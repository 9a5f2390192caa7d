package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.zeroshot.LabelSet;
import org.opensearch.clip.plugin.zeroshot.LabelSetStore;
import org.opensearch.clip.plugin.zeroshot.LabelSource;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.Processor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.opensearch.clip.plugin.ingest.ClipClassifyProcessor.TYPE;

/**
 * Builds {@link ClipClassifyProcessor}s, refusing a wrong configuration with a message naming the option. A stored
 * {@code label_set} is checked by name only: pipelines are built whenever the cluster state changes, also while the
 * label-set index is recovering, so a missing set fails the documents when they arrive, naming the set.
 */
public final class ClipClassifyProcessorFactory implements Processor.Factory {
    static final String FIELD = "field";
    static final String VECTOR_FIELD = "vector_field";
    static final String TARGET_FIELD = "target_field";
    static final String PROBABILITY_FIELD = "probability_field";
    static final String LABELS = "labels";
    static final String LABEL_SET = "label_set";
    static final String TEMPLATES = "templates";
    static final String PROMPTS = "prompts";
    static final String TOP_K = "top_k";
    static final String MIN_PROBABILITY = "min_probability";
    static final String MODEL = "model";
    static final String IGNORE_MISSING = "ignore_missing";
    /** The labels written when {@code top_k} is not given. */
    public static final int DEFAULT_TOP_K = 3;

    private final Supplier<ZeroShotClassifier> classifier;

    /** The classifier is created after the factories, so it is looked up when a pipeline is built. */
    public ClipClassifyProcessorFactory(Supplier<ZeroShotClassifier> classifier) {
        this.classifier = classifier;
    }

    @Override
    public ClipClassifyProcessor create(Map<String, Processor.Factory> registry, String tag, String description, Map<String, Object> config) {
        String field = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, FIELD);
        String vectorField = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, VECTOR_FIELD);
        if ((field == null) == (vectorField == null)) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, FIELD, "give either [field] (an image field) or [vector_field] "
                + "(a vector an earlier clip_embedding wrote), not " + (field == null ? "neither" : "both"));
        }
        String target = ConfigurationUtils.readStringProperty(TYPE, tag, config, TARGET_FIELD);
        String probabilityField = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, PROBABILITY_FIELD);
        for (String name : new String[] {field, vectorField, target, probabilityField}) {
            if (name != null && name.isBlank()) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, FIELD, "field names must not be empty");
            }
        }
        if (target.equals(probabilityField)) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, PROBABILITY_FIELD, "must differ from [target_field]");
        }
        LabelSource labels = labels(tag, config);
        int topK = ConfigurationUtils.readIntProperty(TYPE, tag, config, TOP_K, DEFAULT_TOP_K);
        if (topK < 1) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, TOP_K, "must be at least 1, got " + topK);
        }
        double minProbability = probability(tag, config.remove(MIN_PROBABILITY));
        if (!(minProbability >= 0 && minProbability <= 1)) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, MIN_PROBABILITY, "must be between 0 and 1, got " + minProbability);
        }
        String model = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, MODEL);
        ZeroShotClassifier zeroShot = classifier.get();
        try {
            zeroShot.embeddings().registry().checkPipelineModel(model);
        } catch (IllegalArgumentException e) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, MODEL, e.getMessage());
        }
        boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, IGNORE_MISSING, false);
        ClipClassifyProcessor.Settings settings = new ClipClassifyProcessor.Settings(field, vectorField, target, probabilityField, labels,
            topK, minProbability, model, ignoreMissing);
        return new ClipClassifyProcessor(tag, description, settings, zeroShot);
    }

    private static LabelSource labels(String tag, Map<String, Object> config) {
        Object inline = config.remove(LABELS);
        String stored = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, LABEL_SET);
        Object templates = config.remove(TEMPLATES);
        Object prompts = config.remove(PROMPTS);
        if ((inline == null) == (stored == null)) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, LABELS, "give either [labels] (an array) or [label_set] (the name "
                + "of a stored label set), not " + (inline == null ? "neither" : "both"));
        }
        try {
            List<String> templateList = templates == null ? List.of() : strings(templates, TEMPLATES);
            if (stored != null) {
                if (prompts != null) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, PROMPTS, "goes with inline [labels]; a stored set keeps "
                        + "its own prompts");
                }
                return new LabelSource(null, LabelSetStore.checkName(stored), templateList);
            }
            Map<String, Object> set = new java.util.HashMap<>();
            set.put(LABELS, inline);
            if (prompts != null) {
                set.put(PROMPTS, prompts);
            }
            return new LabelSource(LabelSet.fromMap(set, Set.of(LABELS, PROMPTS)), null, templateList);
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().startsWith("[templates]") ? TEMPLATES : e.getMessage().startsWith("[prompts") ? PROMPTS
                : stored != null ? LABEL_SET : LABELS;
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, option, e.getMessage());
        }
    }

    private static double probability(String tag, Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, MIN_PROBABILITY, "must be a number, got [" + value + "]");
        }
    }

    private static List<String> strings(Object value, String option) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof String))) {
            throw new IllegalArgumentException("[" + option + "] must be an array of strings, got [" + value + "]");
        }
        return list.stream().map(Object::toString).toList();
    }
}
