package org.opensearch.clip.plugin;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.ActionRequest;
import org.opensearch.clip.encoder.runtime.CpuFeatures;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.plugin.action.ClipModelsAction;
import org.opensearch.clip.plugin.action.ClipRegisterModelAction;
import org.opensearch.clip.plugin.action.ClipStatsAction;
import org.opensearch.clip.plugin.action.TransportClipStatsAction;
import org.opensearch.clip.plugin.action.TransportClipModelsAction;
import org.opensearch.clip.plugin.action.TransportClipRegisterModelAction;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.embedapi.EmbedAction;
import org.opensearch.clip.plugin.embedapi.RestEmbedAction;
import org.opensearch.clip.plugin.embedapi.TransportEmbedAction;
import org.opensearch.clip.plugin.ingest.ClipClassifyProcessor;
import org.opensearch.clip.plugin.ingest.ClipClassifyProcessorFactory;
import org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessor;
import org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessorFactory;
import org.opensearch.clip.plugin.ingest.ClipIvfProcessor;
import org.opensearch.clip.plugin.ingest.ClipIvfProcessorFactory;
import org.opensearch.clip.plugin.ivf.IvfModelIndex;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
import org.opensearch.clip.plugin.ivf.rest.RestDeleteIvfModelAction;
import org.opensearch.clip.plugin.ivf.rest.RestGetIvfModelsAction;
import org.opensearch.clip.plugin.ivf.rest.RestPutIvfModelAction;
import org.opensearch.clip.plugin.ivf.rest.RestTrainIvfModelAction;
import org.opensearch.clip.plugin.ivf.train.IvfTrainingStatus;
import org.opensearch.clip.plugin.ivf.train.TrainIvfModelAction;
import org.opensearch.clip.plugin.ivf.train.TransportTrainIvfModelAction;
import org.opensearch.clip.plugin.fingerprint.FingerprintGuard;
import org.opensearch.clip.plugin.fingerprint.QueryFieldCheck;
import org.opensearch.clip.plugin.lifecycle.ModelLifecycleAction;
import org.opensearch.clip.plugin.lifecycle.ModelReconciler;
import org.opensearch.clip.plugin.lifecycle.ModelRecordIndex;
import org.opensearch.clip.plugin.lifecycle.ModelRecordStore;
import org.opensearch.clip.plugin.lifecycle.ModelSync;
import org.opensearch.clip.plugin.lifecycle.SyncModelsAction;
import org.opensearch.clip.plugin.lifecycle.TransportModelLifecycleAction;
import org.opensearch.clip.plugin.lifecycle.TransportSyncModelsAction;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.outbound.ImageFetcher;
import org.opensearch.clip.plugin.outbound.OutboundClient;
import org.opensearch.clip.plugin.outbound.OutboundSettings;
import org.opensearch.clip.plugin.query.ClipQueryBuilder;
import org.opensearch.clip.plugin.register.HubBundles;
import org.opensearch.clip.plugin.register.ModelDownloader;
import org.opensearch.clip.plugin.register.ModelRegistrar;
import org.opensearch.clip.plugin.register.RegisterSettings;
import org.opensearch.clip.plugin.query.ExactKnnQueryBuilder;
import org.opensearch.clip.plugin.rest.RestClipRegisterModelAction;
import org.opensearch.clip.plugin.rest.RestModelLifecycleAction;
import org.opensearch.clip.plugin.rest.RestNodesAction;
import org.opensearch.clip.plugin.rest.RestSearchPageAction;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.clip.plugin.zeroshot.LabelEmbeddingCache;
import org.opensearch.clip.plugin.zeroshot.LabelSetIndex;
import org.opensearch.clip.plugin.zeroshot.LabelSetStore;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;
import org.opensearch.clip.plugin.zeroshot.classify.ClassifyAction;
import org.opensearch.clip.plugin.zeroshot.classify.RestClassifyAction;
import org.opensearch.clip.plugin.zeroshot.classify.TransportClassifyAction;
import org.opensearch.clip.plugin.zeroshot.labelset.LabelSetAction;
import org.opensearch.clip.plugin.zeroshot.labelset.RestLabelSetsAction;
import org.opensearch.clip.plugin.zeroshot.labelset.TransportLabelSetAction;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.SetOnce;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.ReloadablePlugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.plugins.SystemIndexPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;
import org.opensearch.secure_sm.AccessController;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** opensearch-clip: the {@code clip_embedding} processor, the {@code clip} query and the node's CLIP models. */
public class ClipPlugin extends Plugin implements IngestPlugin, SearchPlugin, ActionPlugin, SystemIndexPlugin, ReloadablePlugin {
    private static final Logger logger = LogManager.getLogger(ClipPlugin.class);

    /** Where the plugin's files live under the node's config directory (the installer copies config/ there). */
    public static final String CONFIG_DIRECTORY = "opensearch-clip";
    /** The operator's model catalog in {@link #CONFIG_DIRECTORY}: entries added to or replacing the shipped ones. */
    public static final String CATALOG_FILE = "catalog.json";
    /** Where registered models' bundles are kept, under the plugin's directory in the node's data path. */
    public static final String REGISTERED_DIRECTORY = "registered";
    /** The most floats of label embeddings a node caches (64 MB). */
    public static final long LABEL_CACHE_FLOATS = 16L * 1024 * 1024;

    private final SetOnce<EmbeddingService> embeddings = new SetOnce<>();
    private final SetOnce<ModelRegistry> registry = new SetOnce<>();
    private final SetOnce<IvfModelStore> ivfModels = new SetOnce<>();
    private final SetOnce<ZeroShotClassifier> zeroShot = new SetOnce<>();
    /** Fetches image URLs under the outbound policy (clip.fetch.*) on the clip_fetch pool. */
    private final SetOnce<ImageFetcher> imageFetcher = new SetOnce<>();
    /** Keeps each vector field to the model that filled it (ingest side). */
    private final SetOnce<FingerprintGuard> fingerprints = new SetOnce<>();
    /** Keeps each vector field to the model that filled it (query side). */
    private final SetOnce<QueryFieldCheck> queryFields = new SetOnce<>();
    /** The registration settings (the Hub token is reloaded from the keystore). */
    private final SetOnce<RegisterSettings> registerSettings = new SetOnce<>();

    @Override
    public List<Setting<?>> getSettings() {
        List<Setting<?>> settings = new java.util.ArrayList<>(ClipSettings.all());
        settings.addAll(RegisterSettings.all());
        settings.addAll(OutboundSettings.all());
        return settings;
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(
            new FixedExecutorBuilder(settings, ClipSettings.IVF_TRAIN_THREAD_POOL, 1, 16, "thread_pool." + ClipSettings.IVF_TRAIN_THREAD_POOL),
            OutboundSettings.executorBuilder(settings)
        );
    }

    @Override
    public Collection<Object> createComponents(
        Client client,
        ClusterService clusterService,
        ThreadPool threadPool,
        ResourceWatcherService resourceWatcherService,
        ScriptService scriptService,
        NamedXContentRegistry xContentRegistry,
        Environment environment,
        NodeEnvironment nodeEnvironment,
        NamedWriteableRegistry namedWriteableRegistry,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<RepositoriesService> repositoriesServiceSupplier
    ) {
        Settings settings = environment.settings();
        // the CPU's flags (int8 needs int8 dot products) are read once, here, with the plugin's grant for /proc/cpuinfo:
        // read later from a server thread, the agent would check the server's policy, which lacks it
        boolean lacksInt8DotProduct = AccessController.doPrivileged(CpuFeatures::lacksInt8DotProduct);
        if (lacksInt8DotProduct) {
            logger.info("this CPU has no int8 dot products (AVX512-VNNI, AVX-VNNI, AMX): models at precision int8 are refused here");
        }
        OutboundSettings outbound = new OutboundSettings(settings, clusterService.getClusterSettings());
        OutboundClient outboundClient = OutboundClient.forNode(outbound::policy);
        imageFetcher.set(new ImageFetcher(outboundClient, outbound::imageLimits, threadPool.executor(OutboundSettings.THREAD_POOL)));
        Path work = environment.dataFiles()[0].resolve(CONFIG_DIRECTORY);
        ModelRegistry models = ModelRegistry.discover(
            environment.configDir().resolve(CONFIG_DIRECTORY).resolve("models"),
            work.resolve(REGISTERED_DIRECTORY),
            ClipSettings.DEFAULT_MODEL.get(settings)
        );
        DeviceList devices = DeviceList.parse(ClipSettings.DEVICE.get(settings));
        int replicasPerDevice = ClipSettings.REPLICAS_PER_DEVICE.get(settings);
        int processors = OpenSearchExecutors.allocatedProcessors(settings);
        int torchThreads = ClipSettings.TORCH_THREADS.get(settings);
        if (torchThreads == 0) {
            // decoding takes the other half of the processors while ingesting (docs/operations.md: thread settings)
            torchThreads = Math.max(1, processors / (2 * replicasPerDevice));
        }
        models.loadAll(
            threadPool.generic(),
            work.resolve("djl"),
            work.resolve("bundles"),
            devices,
            replicasPerDevice,
            torchThreads
        );
        registry.set(models);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(ClipSettings.DEFAULT_MODEL, models::setDefaultModel);
        int decodeThreads = ClipSettings.DECODE_THREADS.get(settings);
        EmbeddingService service = new EmbeddingService(
            models,
            settings,
            clusterService.getClusterSettings(),
            decodeThreads == 0 ? processors : decodeThreads,
            ClipSettings.DECODE_MEMORY.get(settings).getBytes(),
            OpenSearchExecutors.daemonThreadFactory(settings, "clip_decode"),
            OpenSearchExecutors.daemonThreadFactory(settings, "clip_encode"),
            threadPool.generic(),
            imageFetcher.get(),
            threadPool.getThreadContext()
        );
        embeddings.set(service);
        IvfModelStore store = new IvfModelStore(client, clusterService, threadPool);
        ivfModels.set(store);
        LabelEmbeddingCache labelCache = new LabelEmbeddingCache(LABEL_CACHE_FLOATS);
        LabelSetStore labelSets = new LabelSetStore(client, clusterService, threadPool, labelCache);
        ZeroShotClassifier classifier = new ZeroShotClassifier(service, labelSets, labelCache);
        zeroShot.set(classifier);
        ModelRegistrar registrar = registrar(models, outboundClient, settings, environment, work, threadPool,
            clusterService.getClusterSettings(), torchThreads);
        ModelRecordStore records = new ModelRecordStore(client, clusterService, threadPool);
        ModelReconciler reconciler = new ModelReconciler(models, registrar);
        ModelSync sync = new ModelSync(records, reconciler, threadPool.generic());
        clusterService.addListener(sync);
        models.awaitingClusterModels(sync::awaiting);
        fingerprints.set(new FingerprintGuard(client, clusterService, threadPool.getThreadContext()));
        queryFields.set(new QueryFieldCheck(clusterService, indexNameExpressionResolver));
        return List.of(service, store, imageFetcher.get(), labelSets, classifier, registrar, models, records, reconciler);
    }

    private ModelRegistrar registrar(ModelRegistry models, OutboundClient outboundClient, Settings settings, Environment environment,
        Path work, ThreadPool threadPool, ClusterSettings clusterSettings, int torchThreads) {
        RegisterSettings current = new RegisterSettings(settings, clusterSettings);
        registerSettings.set(current);
        ModelDownloader downloader = new ModelDownloader(outboundClient, current::limits);
        HubBundles hub = new HubBundles(downloader, current::hubEndpoint, current::hubToken, current::localAllowedPaths,
            HubBundles.encoderBuilder(work.resolve("djl"), torchThreads));
        return new ModelRegistrar(
            models,
            downloader,
            environment.configDir().resolve(CONFIG_DIRECTORY).resolve(CATALOG_FILE),
            current::baseUrl,
            work.resolve(REGISTERED_DIRECTORY),
            work.resolve("downloads"),
            threadPool.generic(),
            hub
        );
    }

    @Override
    public void reload(Settings settings) {
        RegisterSettings current = registerSettings.get();
        if (current != null) {
            current.reloadToken(settings);
        }
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(
            ClipEmbeddingProcessor.TYPE, new ClipEmbeddingProcessorFactory(embeddings::get, ivfModels::get, fingerprints::get),
            ClipIvfProcessor.TYPE, new ClipIvfProcessorFactory(ivfModels::get),
            ClipClassifyProcessor.TYPE, new ClipClassifyProcessorFactory(zeroShot::get)
        );
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        ClipQueryBuilder.Services services = new ClipQueryBuilder.Services(embeddings::get, ivfModels::get, queryFields::get);
        return List.of(
            new QuerySpec<>(
                ClipQueryBuilder.NAME,
                in -> new ClipQueryBuilder(in, services),
                parser -> ClipQueryBuilder.fromXContent(parser, services)
            ),
            new QuerySpec<>(ExactKnnQueryBuilder.NAME, ExactKnnQueryBuilder::new, ExactKnnQueryBuilder::fromXContent)
        );
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(ClipModelsAction.INSTANCE, TransportClipModelsAction.class),
            new ActionHandler<>(ClipRegisterModelAction.INSTANCE, TransportClipRegisterModelAction.class),
            new ActionHandler<>(ClipStatsAction.INSTANCE, TransportClipStatsAction.class),
            new ActionHandler<>(SyncModelsAction.INSTANCE, TransportSyncModelsAction.class),
            new ActionHandler<>(ModelLifecycleAction.INSTANCE, TransportModelLifecycleAction.class),
            new ActionHandler<>(TrainIvfModelAction.INSTANCE, TransportTrainIvfModelAction.class),
            new ActionHandler<>(ClassifyAction.INSTANCE, TransportClassifyAction.class),
            new ActionHandler<>(LabelSetAction.INSTANCE, TransportLabelSetAction.class),
            new ActionHandler<>(EmbedAction.INSTANCE, TransportEmbedAction.class)
        );
    }

    @Override
    public List<RestHandler> getRestHandlers(
        Settings settings,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster
    ) {
        IvfModelStore store = ivfModels.get();
        return List.of(
            new RestNodesAction<>("models", ClipModelsAction.INSTANCE),
            new RestClipRegisterModelAction(),
            new RestModelLifecycleAction(),
            new RestNodesAction<>("stats", ClipStatsAction.INSTANCE),
            new RestSearchPageAction(),
            new RestTrainIvfModelAction(),
            new RestPutIvfModelAction(store),
            new RestGetIvfModelsAction(store),
            new RestDeleteIvfModelAction(store),
            new RestClassifyAction(),
            new RestLabelSetsAction(),
            new RestEmbedAction()
        );
    }

    @Override
    public Collection<SystemIndexDescriptor> getSystemIndexDescriptors(Settings settings) {
        return List.of(IvfModelIndex.descriptor(), LabelSetIndex.descriptor(), ModelRecordIndex.descriptor());
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(new NamedWriteableRegistry.Entry(Task.Status.class, IvfTrainingStatus.NAME, IvfTrainingStatus::new));
    }

    @Override
    public void close() throws IOException {
        EmbeddingService service = embeddings.get();
        if (service != null) {
            service.close();
        }
        ModelRegistry models = registry.get();
        if (models != null) {
            models.close();
        }
    }
}
