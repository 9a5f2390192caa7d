package org.opensearch.clip.plugin.model;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.core.rest.RestStatus;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The models of this node: bundles found under the plugin's config directory at start and models registered through
 * the API (kept in step with the {@code .clip-models} system index), loaded in the background, unloaded and loaded
 * again on request; the default model follows the dynamic setting {@code clip.default_model}.
 */
public final class ModelRegistry implements Closeable {
    private static final Logger logger = LogManager.getLogger(ModelRegistry.class);

    /** The bundle directory (or zip) whose model is the default when {@code clip.default_model} is empty. */
    public static final String DEFAULT_BUNDLE = "default";

    private final Map<String, ModelSlot> slots;
    /** The model of the bundle directory {@code default}, the default while {@code clip.default_model} is empty. */
    private final String defaultFromBundle;
    private volatile String defaultModel;
    private volatile LoadContext loading;
    /** Told the name of a model before its replicas are closed, so that work queued for them is ended first. */
    private volatile Consumer<String> beforeClose = name -> {};
    /** Whether models registered in the cluster may still be missing here (the node has not reconciled since it joined). */
    private volatile java.util.function.BooleanSupplier awaitingClusterModels = () -> false;

    /** How this node loads bundles, fixed by {@link #loadAll} and used again for registered models. */
    private record LoadContext(Executor executor, Path djlCache, Path extractDirectory, DeviceList devices, int replicasPerDevice,
        int torchThreads) {}

    private ModelRegistry(Map<String, ModelSlot> slots, String defaultFromBundle, String configuredDefault) {
        this.slots = new ConcurrentSkipListMap<>(slots);
        this.defaultFromBundle = defaultFromBundle;
        setDefaultModel(configuredDefault);
    }

    /**
     * Finds the bundles under {@code modelsDirectory} (each a directory or a .zip) and reads their manifests; a bundle
     * whose manifest is unreadable is kept as a failed model so the models API can say why.
     */
    public static ModelRegistry discover(Path modelsDirectory, String configuredDefault) {
        return discover(modelsDirectory, null, configuredDefault);
    }

    /**
     * Like {@link #discover(Path, String)}, then adds the bundles a register request built on this node in an earlier
     * run (under {@code registeredDirectory}, may be null); a name already taken by a configured bundle keeps the
     * configured one. The default model may be a registered one.
     */
    public static ModelRegistry discover(Path modelsDirectory, Path registeredDirectory, String configuredDefault) {
        Map<String, ModelSlot> slots = new TreeMap<>();
        String defaultFromBundle = scan(modelsDirectory, ModelOrigin.CONFIG, slots);
        if (registeredDirectory != null && Files.isDirectory(registeredDirectory)) {
            Map<String, ModelSlot> registered = new TreeMap<>();
            scan(registeredDirectory, ModelOrigin.REGISTERED, registered);
            for (ModelSlot slot : registered.values()) {
                ModelSlot previous = slots.putIfAbsent(slot.name(), slot);
                if (previous != null) {
                    logger.error("registered model bundle {} is ignored: model [{}] is also configured in {}", slot.source(), slot.name(),
                        previous.source());
                }
            }
        }
        if (!configuredDefault.isEmpty() && !slots.containsKey(configuredDefault)) {
            logger.error("clip.default_model [{}] is not one of the models found in {}: {}", configuredDefault, modelsDirectory,
                slots.keySet());
        }
        return new ModelRegistry(slots, defaultFromBundle, configuredDefault);
    }

    /** Adds the bundles under {@code directory} to {@code slots}; returns the model of the bundle named {@code default}, or null. */
    private static String scan(Path modelsDirectory, ModelOrigin origin, Map<String, ModelSlot> slots) {
        String defaultFromBundle = null;
        if (Files.isDirectory(modelsDirectory)) {
            List<Path> candidates;
            try (Stream<Path> children = Files.list(modelsDirectory)) {
                candidates = children.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".zip")).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list model bundles in " + modelsDirectory + ": " + e, e);
            }
            for (Path source : candidates) {
                ModelSlot slot;
                try {
                    ModelManifest manifest = ModelBundle.peekManifest(source);
                    slot = new ModelSlot(manifest.name(), manifest.version(), manifest.embeddingDim(), source, origin);
                } catch (BundleException e) {
                    logger.error("model bundle {} is unusable: {}", source, e.getMessage());
                    slot = ModelSlot.failed(bundleName(source), "", 0, source, origin, e.getMessage());
                }
                ModelSlot previous = slots.putIfAbsent(slot.name(), slot);
                if (previous != null) {
                    String message = "model name [" + slot.name() + "] is used by both " + previous.source() + " and " + source;
                    logger.error(message);
                    slots.put(slot.name() + "@" + source.getFileName(), ModelSlot.failed(slot.name(), "", 0, source, origin, message));
                    continue;
                }
                if (bundleName(source).equals(DEFAULT_BUNDLE)) {
                    defaultFromBundle = slot.name();
                }
            }
        } else if (origin == ModelOrigin.CONFIG) {
            logger.warn("no model directory at {}: no CLIP model is available on this node", modelsDirectory);
        }
        return defaultFromBundle;
    }

    private static String bundleName(Path source) {
        String name = source.getFileName().toString();
        return name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }

    /** Loads every discovered bundle on {@code executor}: digests verified, one replica per device on a CPU-only setting. */
    public void loadAll(Executor executor, Path djlCache, Path extractDirectory, DeviceList devices, int torchThreads) {
        loadAll(executor, djlCache, extractDirectory, devices, 1, torchThreads);
    }

    /**
     * Loads every discovered bundle on {@code executor}: digests verified, {@code replicasPerDevice} replicas of each
     * model on every configured device (a configured GPU that is missing fails the model with the reason).
     */
    public void loadAll(Executor executor, Path djlCache, Path extractDirectory, DeviceList devices, int replicasPerDevice,
        int torchThreads) {
        loading = new LoadContext(executor, djlCache, extractDirectory, devices, replicasPerDevice, torchThreads);
        for (ModelSlot slot : slots.values()) {
            if (slot.state() == ModelState.LOADING) {
                load(slot);
            }
        }
    }

    private void load(ModelSlot slot) {
        LoadContext context = loading;
        if (context == null) {
            return; // loadAll has not run yet and will load it
        }
        context.executor().execute(() -> {
            long start = System.nanoTime();
            try {
                DjlRuntime runtime = DjlRuntime.start(context.djlCache(), context.torchThreads());
                ModelBundle bundle = ModelBundle.open(slot.source(), context.extractDirectory());
                List<ClipEncoder> replicas = new ArrayList<>();
                try {
                    for (ai.djl.Device device : context.devices().resolve(runtime.engine().getGpuCount())) {
                        for (int copy = 0; copy < context.replicasPerDevice(); copy++) {
                            replicas.add(ClipEncoder.load(bundle, device));
                        }
                    }
                } catch (RuntimeException | LinkageError e) {
                    replicas.forEach(ClipEncoder::close);
                    throw e;
                }
                if (slots.get(slot.name()) != slot || !slot.loaded(replicas)) {
                    replicas.forEach(ClipEncoder::close);
                    logger.info("CLIP model [{}] was unloaded or removed while it loaded; its replicas are closed", slot.name());
                    return;
                }
                logger.info(
                    "loaded CLIP model [{}] version [{}] (dimension {}) from {} ({}) as {} replica(s) on {} with PyTorch {} in {} ms",
                    slot.name(),
                    slot.version(),
                    slot.dimension(),
                    slot.source(),
                    replicas.get(0).modelDescription(),
                    replicas.size(),
                    slot.loaded().devices(),
                    runtime.engineVersion(),
                    (System.nanoTime() - start) / 1_000_000
                );
            } catch (RuntimeException | LinkageError e) {
                logger.error(() -> "failed to load CLIP model [" + slot.name() + "] from " + slot.source(), e);
                slot.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
    }

    /** Called with a model's name before its replicas are closed (unload, removal), e.g. to end the work queued for them. */
    public void beforeClose(Consumer<String> hook) {
        this.beforeClose = hook;
    }

    /**
     * Reserves a name for a model a register request downloads: a new slot in state {@code downloading}, or null when
     * the name is taken by a model that is not failed (its status is then what the request reports).
     */
    public ModelStatus startDownload(String name, String version, int dimension, Path target) {
        ModelSlot fresh = ModelSlot.downloading(name, version, dimension, target);
        ModelSlot current = slots.compute(name, (key, existing) -> existing == null || existing.state() == ModelState.FAILED ? fresh : existing);
        return current == fresh ? null : current.status(name.equals(defaultModel));
    }

    /**
     * A registered model's bundle is built at {@code bundle}: it replaces the downloading slot and is loaded (or kept
     * unloaded when {@code load} is false). False when the model was removed while it downloaded (the caller then
     * deletes the bundle).
     */
    public boolean downloaded(String name, Path bundle, boolean load) {
        ModelManifest manifest = ModelBundle.peekManifest(bundle);
        ModelSlot slot = new ModelSlot(manifest.name(), manifest.version(), manifest.embeddingDim(), bundle, ModelOrigin.REGISTERED);
        ModelSlot current = slots.computeIfPresent(name, (key, existing) -> existing.state() == ModelState.DOWNLOADING ? slot : existing);
        if (current != slot) {
            return false;
        }
        if (load) {
            load(slot);
        } else {
            slot.unload();
        }
        return true;
    }

    /** A registered model's bundle is built at {@code bundle}: it replaces the downloading slot and is loaded. */
    public void downloaded(String name, Path bundle) {
        downloaded(name, bundle, true);
    }

    /**
     * A registered model could not be downloaded or built; the models API shows why, with the name, version and
     * dimension the request announced. Nothing happens when the model was removed meanwhile.
     */
    public void downloadFailed(String name, Path target, String reason) {
        slots.computeIfPresent(name, (key, existing) -> existing.state() == ModelState.DOWNLOADING
            ? ModelSlot.failed(name, existing.version(), existing.dimension(), target, ModelOrigin.REGISTERED, reason)
            : existing);
    }

    /**
     * Unloads a model: it stays known (and listed, state {@code unloaded}), refuses requests with 409 and frees its
     * replicas. A model that is downloading is unloaded once its bundle is built. Returns its status, or null when
     * unknown.
     */
    public ModelStatus unload(String name) {
        ModelSlot slot = slots.get(name);
        if (slot == null) {
            return null;
        }
        if (slot.state() != ModelState.UNLOADED && slot.state() != ModelState.DOWNLOADING) {
            close(slot, slot.unload());
            logger.info("unloaded CLIP model [{}]", name);
        }
        return status(name);
    }

    /** Loads an unloaded (or failed) model again in the background; returns its status, or null when unknown. */
    public ModelStatus load(String name) {
        ModelSlot slot = slots.get(name);
        if (slot == null) {
            return null;
        }
        if (slot.reload()) {
            load(slot);
        }
        return status(name);
    }

    /**
     * Forgets a registered model and frees its replicas; returns where its bundle was (for the caller to delete), or
     * null when there is no registered model of that name. Config-directory bundles are never removed.
     */
    public Path remove(String name) {
        ModelSlot slot = slots.get(name);
        if (slot == null || slot.origin() != ModelOrigin.REGISTERED || !slots.remove(name, slot)) {
            return null;
        }
        close(slot, slot.unload());
        logger.info("removed CLIP model [{}]", name);
        return slot.source();
    }

    private void close(ModelSlot slot, LoadedModel replicas) {
        try {
            beforeClose.accept(slot.name());
        } finally {
            if (replicas != null) {
                replicas.encoders().forEach(ClipEncoder::close);
            }
        }
    }

    /** The names of the models registered through the API that this node has (in any state). */
    public List<String> registeredNames() {
        return slots.values().stream().filter(s -> s.origin() == ModelOrigin.REGISTERED).map(ModelSlot::name).toList();
    }

    /** Where a model of this name comes from on this node, or null when it has none. */
    public ModelOrigin origin(String name) {
        ModelSlot slot = slots.get(name);
        return slot == null ? null : slot.origin();
    }

    /**
     * Follows {@code clip.default_model}: a model name, or empty for the model of the bundle directory {@code default}.
     * A name this node does not know is accepted (it may be registered later); requests without a model then fail
     * naming it.
     */
    public void setDefaultModel(String configured) {
        this.defaultModel = configured == null || configured.isEmpty() ? defaultFromBundle : configured;
    }

    /** The status of one model, or null when this node has no model of that name. */
    public ModelStatus status(String name) {
        ModelSlot slot = slots.get(name);
        return slot == null ? null : slot.status(name.equals(defaultModel));
    }

    /** The name of the default model, or null when the node has none. */
    public String defaultModel() {
        return defaultModel;
    }

    /** Resolves a requested model name (null = the default), failing with a precise message if it is unknown. */
    public String resolveName(String requested) {
        String name = requested == null ? defaultModel : requested;
        if (name == null) {
            throw new IllegalArgumentException("no model given and this node has no default model (set clip.default_model)");
        }
        if (!slots.containsKey(name)) {
            throw new IllegalArgumentException("unknown model [" + name + "]; models on this node: " + slots.keySet());
        }
        return name;
    }

    /** Tells the registry how to know whether the cluster's registered models may still be on their way to this node. */
    public void awaitingClusterModels(java.util.function.BooleanSupplier awaiting) {
        this.awaitingClusterModels = awaiting;
    }

    /**
     * Checks the model a pipeline's processor names (null = the default) when the pipeline is built: an unknown name
     * is refused with {@link #resolveName}'s message, except while this node has not yet reconciled with the
     * cluster's registered models (a node joining or restarting builds the cluster's pipelines before it has
     * registered their models; the processor then answers the model's state per document).
     */
    public void checkPipelineModel(String requested) {
        if (!awaitingClusterModels.getAsBoolean()) {
            resolveName(requested);
        }
    }

    /** The embedding dimension of a known model. */
    public int dimension(String name) {
        return slots.get(resolveName(name)).dimension();
    }

    /** A model's loaded replicas; 503 while it is loading, 409 while it is unloaded, 500 with the reason if it failed. */
    public LoadedModel loaded(String requested) {
        ModelSlot slot = slots.get(resolveName(requested));
        LoadedModel loaded = slot.loaded();
        if (slot.state() == ModelState.LOADED && loaded != null) {
            return loaded;
        }
        throw switch (slot.state()) {
            case LOADED, LOADING -> new OpenSearchStatusException(
                "model [" + slot.name() + "] is still loading; retry shortly (GET _plugins/_clip/models shows its state)",
                RestStatus.SERVICE_UNAVAILABLE
            );
            case DOWNLOADING -> new OpenSearchStatusException(
                "model [" + slot.name() + "] is being downloaded and registered; retry when GET _plugins/_clip/models shows it loaded",
                RestStatus.SERVICE_UNAVAILABLE
            );
            case UNLOADED -> new OpenSearchStatusException(
                "model [" + slot.name() + "] is unloaded; load it with POST _plugins/_clip/models/" + slot.name() + "/_load",
                RestStatus.CONFLICT
            );
            case FAILED -> new OpenSearchStatusException(
                "model [" + slot.name() + "] failed to load: " + slot.error(),
                RestStatus.INTERNAL_SERVER_ERROR
            );
        };
    }

    /** The first replica's encoder of a model (for tools and tests; embedding goes through the embedding service). */
    public ClipEncoder encoder(String requested) {
        return loaded(requested).encoders().get(0);
    }

    /** The models loaded now, in name order. */
    public List<LoadedModel> loadedModels() {
        List<LoadedModel> out = new ArrayList<>();
        for (ModelSlot slot : slots.values()) {
            LoadedModel loaded = slot.loaded();
            if (slot.state() == ModelState.LOADED && loaded != null) {
                out.add(loaded);
            }
        }
        return out;
    }

    /** The state of every model on this node, for the models API. */
    public List<ModelStatus> statuses() {
        List<ModelStatus> out = new ArrayList<>();
        for (ModelSlot slot : slots.values()) {
            out.add(slot.status(slot.name().equals(defaultModel)));
        }
        return out;
    }

    @Override
    public void close() {
        for (ModelSlot slot : slots.values()) {
            slot.close();
        }
    }
}
