package org.opensearch.clip.plugin.lifecycle;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.clip.plugin.model.ModelOrigin;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.register.ModelRegistrar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings this node's models in line with the {@code .clip-models} records: registers (downloads) the registered models
 * it lacks, unloads and loads as the records say, and removes the registered models that have no record any more
 * (deleted while the node was away, too). Config-directory bundles are never removed; their record only unloads them.
 */
public final class ModelReconciler {
    private static final Logger logger = LogManager.getLogger(ModelReconciler.class);

    private final ModelRegistry registry;
    private final ModelRegistrar registrar;

    /** Reconciles {@code registry}, registering through {@code registrar}. */
    public ModelReconciler(ModelRegistry registry, ModelRegistrar registrar) {
        this.registry = registry;
        this.registrar = registrar;
    }

    /**
     * Applies {@code records}: every model of the cluster. Null means the index does not exist (nothing was ever
     * registered cluster-wide): the node is left as it is, so bundles registered before the index existed stay.
     */
    public synchronized void reconcile(List<ModelRecord> records) {
        if (records == null) {
            return;
        }
        Map<String, ModelRecord> byName = new HashMap<>();
        for (ModelRecord record : records) {
            byName.put(record.name(), record);
        }
        for (String name : registry.registeredNames()) {
            ModelRecord record = byName.get(name);
            if (record == null || !record.registered()) {
                logger.info("CLIP model [{}] is no longer registered in the cluster; removing it from this node", name);
                registrar.remove(name);
            }
        }
        for (ModelRecord record : records) {
            apply(record);
        }
    }

    private void apply(ModelRecord record) {
        ModelStatus status = registry.status(record.name());
        if (status == null) {
            if (record.registered()) {
                logger.info("CLIP model [{}] is registered in the cluster but not on this node; registering it here", record.name());
                registrar.register(record.source(), record.loaded());
            }
            return;
        }
        if (!record.registered() && status.origin() != ModelOrigin.CONFIG) {
            return;
        }
        if (!record.loaded()) {
            registry.unload(record.name());
        } else if (status.state() == ModelState.UNLOADED) {
            registry.load(record.name());
        }
    }
}
