package org.opensearch.clip.plugin.lifecycle;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.core.action.ActionListener;
import org.opensearch.gateway.GatewayService;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reconciles this node with the {@code .clip-models} records once it can read them after it starts, restarts or joins
 * a cluster, and again whenever the elected cluster manager changes (a node cut off meanwhile may have missed a change).
 * Changes made through the API while the node is in the cluster reach it through the sync action instead.
 */
public final class ModelSync implements ClusterStateListener {
    private static final Logger logger = LogManager.getLogger(ModelSync.class);

    private final ModelRecordStore store;
    private final ModelReconciler reconciler;
    private final Executor executor;
    private final AtomicBoolean synced = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    /** Reads {@code store} and reconciles on {@code executor} (never on the cluster applier thread). */
    public ModelSync(ModelRecordStore store, ModelReconciler reconciler, Executor executor) {
        this.store = store;
        this.reconciler = reconciler;
        this.executor = executor;
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        if (event.nodesDelta().clusterManagerNodeChanged()) {
            synced.set(false);
        }
        if (synced.get() || event.state().nodes().getClusterManagerNodeId() == null
            || event.state().blocks().hasGlobalBlock(GatewayService.STATE_NOT_RECOVERED_BLOCK)) {
            return;
        }
        if (!event.state().metadata().hasIndex(ModelRecordIndex.NAME)) {
            synced.set(true); // nothing was ever registered in this cluster: this node has every model there is
            return;
        }
        if (!ModelRecordIndex.readable(event.state()) || !running.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> store.list(ActionListener.wrap(records -> executor.execute(() -> {
            try {
                reconciler.reconcile(records);
                synced.set(true);
                logger.info("CLIP models reconciled with {} record(s) of {}", records == null ? 0 : records.size(), ModelRecordIndex.NAME);
            } catch (RuntimeException e) {
                logger.warn("reconciling the CLIP models with " + ModelRecordIndex.NAME + " failed; retried on the next cluster change", e);
            } finally {
                running.set(false);
            }
        }), e -> {
            running.set(false);
            logger.warn("reading {} failed; retried on the next cluster change: {}", ModelRecordIndex.NAME, e.toString());
        })));
    }

    /**
     * Whether models registered in the cluster may still be missing on this node: it has not yet reconciled since it
     * started or joined (pipelines are built from the cluster state before that).
     */
    public boolean awaiting() {
        return !synced.get();
    }
}
