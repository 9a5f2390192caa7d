package org.opensearch.clip.plugin.ingest;

import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.ingest.ConfigurationUtils;

import java.util.Map;

/**
 * The {@code ivf_model} option of the plugin's processors: {@code name} (its latest trained version when a batch is
 * processed) or {@code name:version}. Only its form is checked when the pipeline is created: pipelines are built on
 * every node whenever the cluster state changes, also while the model index is still recovering, so whether the model
 * exists and fits is checked when documents arrive, with a message saying what is wrong.
 */
final class IvfModelOption {
    static final String NAME = "ivf_model";

    private IvfModelOption() {}

    /** Reads the option; null when it is absent and not required. */
    static IvfModelRef read(String type, String tag, Map<String, Object> config, boolean required) {
        String value = required
            ? ConfigurationUtils.readStringProperty(type, tag, config, NAME)
            : ConfigurationUtils.readOptionalStringProperty(type, tag, config, NAME);
        if (value == null) {
            return null;
        }
        try {
            return IvfModelRef.parse(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationUtils.newConfigurationException(type, tag, NAME, e.getMessage());
        }
    }
}
