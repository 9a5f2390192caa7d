package org.opensearch.clip.plugin.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.plugin.NodeModels;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelState;
import org.opensearch.clip.plugin.outbound.OutboundClient;
import org.opensearch.clip.plugin.register.DownloadLimits;
import org.opensearch.clip.plugin.register.ModelDownloader;
import org.opensearch.clip.plugin.register.ModelRegistrar;
import org.opensearch.clip.plugin.register.ModelSource;
import org.opensearch.clip.plugin.outbound.OutboundPolicy;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node brought in line with the cluster's model records: what it lacks is registered, what has no record any more
 * is removed with its files, unloaded records unload (config-directory bundles too, never removed), and a cluster
 * without the index leaves the node as it is. Downloads are queued, never run.
 */
class ModelReconcilerTest {
    @TempDir
    Path work;
    private final List<Runnable> queued = new ArrayList<>();

    private ModelRegistry registry() {
        NodeModels.addBundle(work.resolve("config"), "default", "base-model");
        NodeModels.addBundle(work.resolve("registered"), "kept", "kept-model");
        NodeModels.addBundle(work.resolve("registered"), "gone", "gone-model");
        return ModelRegistry.discover(work.resolve("config"), work.resolve("registered"), "");
    }

    private ModelReconciler reconciler(ModelRegistry registry) {
        DownloadLimits limits = new DownloadLimits(1 << 20, TimeValue.timeValueSeconds(1), TimeValue.timeValueSeconds(1),
            TimeValue.timeValueSeconds(1));
        OutboundClient client = OutboundClient.forNode(() -> new OutboundPolicy(List.of("*"), List.of(), List.of("443"), 3, 4));
        ModelRegistrar registrar = new ModelRegistrar(registry, new ModelDownloader(client, () -> limits), work.resolve("catalog.json"),
            () -> "", work.resolve("registered"), work.resolve("downloads"), queued::add);
        return new ModelReconciler(registry, registrar);
    }

    private static ModelRecord registered(String name) {
        return new ModelRecord(name, new ModelSource(name, "https://models.example/" + name + ".zip", "a".repeat(64)), true);
    }

    @Test
    void aModelWithoutARecordIsRemovedWithItsFilesAndAMissingOneIsRegistered() {
        ModelRegistry registry = registry();
        reconciler(registry).reconcile(List.of(registered("kept-model"), registered("new-model")));
        assertNull(registry.status("gone-model"));
        assertFalse(Files.exists(work.resolve("registered/gone")), "its bundle is deleted");
        assertEquals(ModelState.LOADING, registry.status("kept-model").state());
        assertEquals(ModelState.DOWNLOADING, registry.status("new-model").state());
        assertEquals(1, queued.size(), "one download started");
        assertEquals(ModelState.LOADING, registry.status("base-model").state(), "config-directory bundles stay");
    }

    @Test
    void unloadedRecordsUnloadAndLoadedOnesLoadAgain() {
        ModelRegistry registry = registry();
        ModelReconciler reconciler = reconciler(registry);
        List<ModelRecord> unloaded = List.of(registered("kept-model").withLoaded(false), registered("gone-model"),
            new ModelRecord("base-model", null, false));
        reconciler.reconcile(unloaded);
        assertEquals(ModelState.UNLOADED, registry.status("kept-model").state());
        assertEquals(ModelState.UNLOADED, registry.status("base-model").state());
        reconciler.reconcile(List.of(registered("kept-model"), registered("gone-model"), new ModelRecord("base-model", null, true)));
        assertEquals(ModelState.LOADING, registry.status("kept-model").state());
        assertEquals(ModelState.LOADING, registry.status("base-model").state());
    }

    @Test
    void withoutTheIndexTheNodeIsLeftAsItIs() {
        ModelRegistry registry = registry();
        reconciler(registry).reconcile(null);
        assertEquals(List.of("gone-model", "kept-model"), registry.registeredNames());
        assertTrue(queued.isEmpty());
    }

    @Test
    void recordsTravelBetweenNodesAndReadBackFromTheirDocuments() throws IOException {
        ModelRecord record = registered("kept-model").withLoaded(false);
        ModelRecord config = new ModelRecord("base-model", null, false);
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            record.writeTo(out);
            config.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                assertEquals(record, ModelRecord.readFrom(in));
                assertEquals(config, ModelRecord.readFrom(in));
            }
        }
        Map<String, Object> document = record.toDocument();
        assertEquals(Map.of("name", "kept-model", "url", "https://models.example/kept-model.zip", "sha256", "a".repeat(64)),
            document.get("source"));
        assertEquals(record, ModelRecord.fromDocument("kept-model", document));
        assertEquals(config, ModelRecord.fromDocument("base-model", config.toDocument()));
    }
}
