package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.ivf.IvfAssigner;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.Processor;

import java.util.Map;
import java.util.function.Supplier;

import static org.opensearch.clip.plugin.ingest.ClipIvfProcessor.TYPE;

/** Builds {@link ClipIvfProcessor}s: {@code {"clip_ivf": {"field": ..., "ivf_model": ..., "ignore_missing": ...}}}. */
public final class ClipIvfProcessorFactory implements Processor.Factory {
    private final Supplier<IvfModelStore> store;

    /** The store is created after the factories, so it is looked up when a pipeline is built. */
    public ClipIvfProcessorFactory(Supplier<IvfModelStore> store) {
        this.store = store;
    }

    @Override
    public ClipIvfProcessor create(Map<String, Processor.Factory> registry, String tag, String description, Map<String, Object> config) {
        String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field");
        if (field.isBlank()) {
            throw ConfigurationUtils.newConfigurationException(TYPE, tag, "field", "must name the vector field");
        }
        IvfModelRef ref = IvfModelOption.read(TYPE, tag, config, true);
        boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
        return new ClipIvfProcessor(tag, description, field, new IvfAssigner(ref, store.get()), ignoreMissing);
    }
}
