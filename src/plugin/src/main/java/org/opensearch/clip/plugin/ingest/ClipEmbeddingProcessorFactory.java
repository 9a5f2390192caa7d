package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.fingerprint.FingerprintGuard;
import org.opensearch.clip.plugin.ivf.IvfAssigner;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.Processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessor.TYPE;

/**
 * Builds {@link ClipEmbeddingProcessor}s from pipeline definitions, refusing a wrong configuration with a message
 * that names the offending option.
 */
public final class ClipEmbeddingProcessorFactory implements Processor.Factory {
    static final String FIELD_MAP = "field_map";
    static final String MODEL = "model";
    static final String IGNORE_MISSING = "ignore_missing";
    static final String REMOVE_BINARY = "remove_binary";
    private static final Set<String> ENTRY_KEYS = Set.of("target", "type");

    private final Supplier<EmbeddingService> embeddings;
    private final Supplier<IvfModelStore> ivfModels;
    private final Supplier<FingerprintGuard> fingerprints;

    /** The services are created after the factories, so they are looked up when a pipeline is built. */
    public ClipEmbeddingProcessorFactory(Supplier<EmbeddingService> embeddings, Supplier<IvfModelStore> ivfModels) {
        this(embeddings, ivfModels, () -> null);
    }

    /** Like the two-service form, with the guard that keeps each vector field to one model (null: no checks). */
    public ClipEmbeddingProcessorFactory(Supplier<EmbeddingService> embeddings, Supplier<IvfModelStore> ivfModels,
        Supplier<FingerprintGuard> fingerprints) {
        this.embeddings = embeddings;
        this.ivfModels = ivfModels;
        this.fingerprints = fingerprints;
    }

    @Override
    public ClipEmbeddingProcessor create(
        Map<String, Processor.Factory> registry,
        String tag,
        String description,
        Map<String, Object> config
    ) {
        Map<String, Object> fieldMapConfig = ConfigurationUtils.readMap(TYPE, tag, config, FIELD_MAP);
        if (fieldMapConfig.isEmpty()) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, FIELD_MAP, "must map at least one source field to a vector field");
        }
        List<FieldMapping> fieldMap = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (Map.Entry<String, Object> entry : fieldMapConfig.entrySet()) {
            FieldMapping mapping = mapping(tag, entry.getKey(), entry.getValue());
            if (!targets.add(mapping.target())) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    FIELD_MAP,
                    "target field [" + mapping.target() + "] is used by more than one source field"
                );
            }
            fieldMap.add(mapping);
        }
        String model = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, MODEL);
        EmbeddingService service = embeddings.get();
        try {
            service.registry().checkPipelineModel(model);
        } catch (IllegalArgumentException e) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, MODEL, e.getMessage());
        }
        boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, IGNORE_MISSING, false);
        boolean removeBinary = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, REMOVE_BINARY, false);
        IvfModelRef ivfModel = IvfModelOption.read(TYPE, tag, config, false);
        IvfAssigner ivf = ivfModel == null ? null : new IvfAssigner(ivfModel, ivfModels.get());
        return new ClipEmbeddingProcessor(tag, description, fieldMap, model, ignoreMissing, removeBinary, service, ivf,
            fingerprints.get());
    }

    private static FieldMapping mapping(String tag, String source, Object value) {
        String where = FIELD_MAP + "." + source;
        if (source.isBlank()) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, FIELD_MAP, "source field names must not be empty");
        }
        if (value instanceof String target) {
            if (target.isBlank()) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, where, "target field must not be empty");
            }
            return new FieldMapping(source, target, InputType.IMAGE);
        }
        if (value instanceof Map<?, ?> entry) {
            for (Object key : entry.keySet()) {
                if (!ENTRY_KEYS.contains(key)) {
                    throw ConfigurationUtils.newConfigurationException(
                        TYPE,
                        tag,
                        where,
                        "unknown option [" + key + "]; an entry takes [target] and [type]"
                    );
                }
            }
            Object targetValue = entry.get("target");
            if (targetValue == null) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, where + ".target", "required: the vector field to write");
            }
            if (!(targetValue instanceof String target) || target.isBlank()) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    where + ".target",
                    "must be the name of the vector field to write, got [" + targetValue + "]"
                );
            }
            Object type = entry.get("type");
            if (type == null) {
                return new FieldMapping(source, target, InputType.IMAGE);
            }
            try {
                return new FieldMapping(source, target, InputType.fromName(type.toString()));
            } catch (IllegalArgumentException e) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, where + ".type", e.getMessage());
            }
        }
        throw ConfigurationUtils.newConfigurationException(
            TYPE,
            tag,
            where,
            "must be a vector field name (an image field) or an object with [target] and [type] (image or text)"
        );
    }
}
