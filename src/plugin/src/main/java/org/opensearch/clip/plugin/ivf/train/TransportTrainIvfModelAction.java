package org.opensearch.clip.plugin.ivf.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.clip.encoder.ivf.KMeans;
import org.opensearch.clip.encoder.ivf.KMeansResult;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
import org.opensearch.clip.plugin.knn.KnnVectorMapping;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Runs an IVF training on the node that received it: reads the field's mapping, registers the new version (state
 * {@code training}), samples the vectors, runs k-means on the {@code clip_ivf_train} pool and stores the centroids
 * (state {@code trained}); any failure or a cancellation leaves the version {@code failed} with the reason.
 */
public final class TransportTrainIvfModelAction extends HandledTransportAction<TrainIvfModelRequest, TrainIvfModelResponse> {
    private static final Logger LOG = LogManager.getLogger(TransportTrainIvfModelAction.class);

    private final IvfModelStore store;
    private final ThreadPool threadPool;
    private final TransportService transportService;
    private final FieldMappingReader mappings;
    private final VectorSampler sampler;

    /** Built by OpenSearch's injector. */
    @Inject
    public TransportTrainIvfModelAction(TransportService transportService, ActionFilters actionFilters, Client client,
        ThreadPool threadPool, IvfModelStore store) {
        super(TrainIvfModelAction.NAME, transportService, actionFilters, TrainIvfModelRequest::new);
        this.store = store;
        this.threadPool = threadPool;
        this.transportService = transportService;
        this.mappings = new FieldMappingReader(client);
        this.sampler = new VectorSampler(client);
    }

    @Override
    protected void doExecute(Task task, TrainIvfModelRequest request, ActionListener<TrainIvfModelResponse> listener) {
        IvfTrainingTask training = (IvfTrainingTask) task;
        ActionListener<TrainIvfModelResponse> preparing = ActionListener.wrap(listener::onResponse, e -> {
            request.started().onFailure(e);
            listener.onFailure(e);
        });
        mappings.read(request.index(), request.field(), ActionListener.wrap(
            field -> sampler.count(request.index(), request.field(), ActionListener.wrap(
                count -> register(training, request, field, count, preparing, listener),
                preparing::onFailure
            )),
            preparing::onFailure
        ));
    }

    /** Checks the request against the field and registers the version; {@code preparing} fails both listeners. */
    private void register(IvfTrainingTask task, TrainIvfModelRequest request, KnnVectorMapping field, long count,
        ActionListener<TrainIvfModelResponse> preparing, ActionListener<TrainIvfModelResponse> listener) {
        SpaceType space = request.space() == null ? field.space() : request.space();
        if (space != field.space()) {
            preparing.onFailure(new IllegalArgumentException("[space_type] " + space.label() + " differs from field [" + field.field()
                + "]'s " + field.space().label() + "; lists must be formed in the space the field is searched in"));
            return;
        }
        int nlist = request.nlist() != null ? request.nlist() : (int) Math.max(1, Math.min(65_536, Math.round(Math.sqrt(count))));
        long wantedLong = request.sampleSize() != null ? request.sampleSize() : (long) nlist * TrainIvfModelRequest.DEFAULT_SAMPLE_PER_LIST;
        int wanted = (int) Math.min(Math.min(wantedLong, count), TrainIvfModelRequest.MAX_SAMPLE_FLOATS / field.dimension());
        if (wanted < nlist) {
            preparing.onFailure(new IllegalArgumentException("index [" + request.index() + "] has " + count + " documents with [" + field.field()
                + "]" + (wanted < count ? " and a sample can hold " + wanted + " vectors of dimension " + field.dimension() : "")
                + "; nlist " + nlist + " needs at least as many vectors"));
            return;
        }
        Map<String, Object> recorded = new LinkedHashMap<>(request.describe());
        recorded.put("nlist", nlist);
        recorded.put("sample_size", wanted);
        recorded.put("documents", count);
        IvfModel draft = IvfModel.training(request.name(), space, field.dimension(), nlist, request.description(), recorded);
        store.create(draft, ActionListener.wrap(model -> {
            task.model(model.ref().toString());
            task.phase(TrainingPhase.SAMPLING);
            task.sampling(wanted);
            request.started().onResponse(new TrainingStarted(transportService.getLocalNode().getId() + ":" + task.getId(),
                model.ref().toString()));
            ActionListener<TrainIvfModelResponse> recording = failureRecorder(model, listener);
            sampler.sample(request.index(), request.field(), field.dimension(), wanted, count, request.seed(), task, ActionListener.wrap(
                sample -> threadPool.executor(ClipSettings.IVF_TRAIN_THREAD_POOL).execute(() -> cluster(task, request, model, sample,
                    recording)),
                recording::onFailure
            ));
        }, preparing::onFailure));
    }

    private void cluster(IvfTrainingTask task, TrainIvfModelRequest request, IvfModel model, float[][] sample,
        ActionListener<TrainIvfModelResponse> listener) {
        try {
            task.phase(TrainingPhase.CLUSTERING);
            long started = System.nanoTime();
            KMeansResult result = new KMeans(model.space(), request.kmeansOptions(model.nlist())).train(sample, task);
            Map<String, Object> statistics = new LinkedHashMap<>();
            statistics.put("sample_size", sample.length);
            statistics.put("iterations", result.iterations());
            statistics.put("converged", result.converged());
            statistics.put("objective", result.objective());
            statistics.put("smallest_list", Arrays.stream(result.clusterSizes()).min().orElse(0));
            statistics.put("largest_list", Arrays.stream(result.clusterSizes()).max().orElse(0));
            statistics.put("clustering_ms", (System.nanoTime() - started) / 1_000_000);
            task.phase(TrainingPhase.STORING);
            store.update(model.completed(result.centroids(), statistics), ActionListener.wrap(
                trained -> listener.onResponse(new TrainIvfModelResponse(describe(trained))),
                listener::onFailure
            ));
        } catch (CancellationException e) {
            listener.onFailure(new TaskCancelledException("cancelled while clustering: " + task.getReasonCancelled()));
        } catch (RuntimeException e) {
            listener.onFailure(e);
        }
    }

    /** Marks the version failed before passing a failure on. */
    private ActionListener<TrainIvfModelResponse> failureRecorder(IvfModel model, ActionListener<TrainIvfModelResponse> listener) {
        return ActionListener.wrap(listener::onResponse, e -> {
            Throwable cause = ExceptionsHelper.unwrapCause(e);
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            LOG.warn("training of IVF model [{}] failed: {}", model.ref(), reason);
            store.update(model.failed(reason), ActionListener.wrap(failed -> listener.onFailure(e), stored -> listener.onFailure(e)));
        });
    }

    static Map<String, Object> describe(IvfModel model) throws IOException {
        BytesReference json = BytesReference.bytes(model.toXContent(JsonXContent.contentBuilder(), false));
        return XContentHelper.convertToMap(json, true, XContentType.JSON).v2();
    }
}
