package org.opensearch.clip.plugin;

import org.opensearch.action.ActionRequest;
import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.plugin.action.ClipModelsAction;
import org.opensearch.clip.plugin.action.TransportClipModelsAction;
import org.opensearch.clip.plugin.inference.InferenceService;
import org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessor;
import org.opensearch.clip.plugin.ingest.ClipEmbeddingProcessorFactory;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.query.ClipQueryBuilder;
import org.opensearch.clip.plugin.rest.RestClipModelsAction;
import org.opensearch.clip.plugin.rest.RestSearchPageAction;
import org.opensearch.clip.plugin.settings.ClipSettings;
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
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** opensearch-clip: the {@code clip_embedding} processor, the {@code clip} query and the node's CLIP models. */
public class ClipPlugin extends Plugin implements IngestPlugin, SearchPlugin, ActionPlugin {
    /** Where the plugin's files live under the node's config directory (the installer copies config/ there). */
    public static final String CONFIG_DIRECTORY = "opensearch-clip";

    private final SetOnce<InferenceService> inference = new SetOnce<>();
    private final SetOnce<ModelRegistry> registry = new SetOnce<>();

    @Override
    public List<Setting<?>> getSettings() {
        return ClipSettings.all();
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(new FixedExecutorBuilder(settings, ClipSettings.THREAD_POOL, defaultPoolSize(settings), 1000,
            "thread_pool." + ClipSettings.THREAD_POOL));
    }

    private static int defaultPoolSize(Settings settings) {
        return Math.max(1, OpenSearchExecutors.allocatedProcessors(settings) / 4);
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
        Path work = environment.dataFiles()[0].resolve(CONFIG_DIRECTORY);
        ModelRegistry models = ModelRegistry.discover(
            environment.configDir().resolve(CONFIG_DIRECTORY).resolve("models"),
            ClipSettings.DEFAULT_MODEL.get(settings)
        );
        int torchThreads = ClipSettings.TORCH_THREADS.get(settings);
        if (torchThreads == 0) {
            int poolSize = threadPool.info(ClipSettings.THREAD_POOL).getMax();
            torchThreads = Math.max(1, OpenSearchExecutors.allocatedProcessors(settings) / poolSize);
        }
        models.loadAll(
            threadPool.executor(ClipSettings.THREAD_POOL),
            work.resolve("djl"),
            work.resolve("bundles"),
            DeviceSpec.parse(ClipSettings.DEVICE.get(settings)),
            torchThreads
        );
        registry.set(models);
        InferenceService service = new InferenceService(threadPool, models, settings, clusterService.getClusterSettings());
        inference.set(service);
        return List.of(service);
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(ClipEmbeddingProcessor.TYPE, new ClipEmbeddingProcessorFactory(inference::get));
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(
            new QuerySpec<>(
                ClipQueryBuilder.NAME,
                in -> new ClipQueryBuilder(in, inference::get),
                parser -> ClipQueryBuilder.fromXContent(parser, inference::get)
            )
        );
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(new ActionHandler<>(ClipModelsAction.INSTANCE, TransportClipModelsAction.class));
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
        return List.of(new RestClipModelsAction(), new RestSearchPageAction());
    }

    @Override
    public void close() throws IOException {
        ModelRegistry models = registry.get();
        if (models != null) {
            models.close();
        }
    }
}
