package org.opensearch.clip.plugin.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.plugin.NodeModels;
import org.opensearch.core.rest.RestStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A model's life on one node: config-directory bundles and registered ones told apart, unloaded (refusing requests
 * with 409) and loaded again, registered ones removed, a failed registration that keeps what it announced, and the
 * default following the setting at run time. Bundles hold only a manifest; nothing is loaded.
 */
class ModelRegistryLifecycleTest {
    @TempDir
    Path work;

    private ModelRegistry registry() {
        NodeModels.addBundle(work.resolve("config"), "default", "base-model");
        NodeModels.addBundle(work.resolve("config"), "large", "large-model");
        NodeModels.addBundle(work.resolve("registered"), "reg", "registered-model");
        return ModelRegistry.discover(work.resolve("config"), work.resolve("registered"), "");
    }

    @Test
    void configBundlesAndRegisteredModelsAreToldApart() {
        ModelRegistry registry = registry();
        assertEquals(ModelOrigin.CONFIG, registry.status("base-model").origin());
        assertEquals(ModelOrigin.REGISTERED, registry.status("registered-model").origin());
        assertEquals(List.of("registered-model"), registry.registeredNames());
    }

    @Test
    void anUnloadedModelRefusesRequestsWithA409NamingTheLoadCall() {
        ModelRegistry registry = registry();
        List<String> closed = new ArrayList<>();
        registry.beforeClose(closed::add);
        assertEquals(ModelState.UNLOADED, registry.unload("large-model").state());
        assertEquals(List.of("large-model"), closed, "work queued for the model is ended before its replicas close");
        OpenSearchStatusException refused = assertThrows(OpenSearchStatusException.class, () -> registry.loaded("large-model"));
        assertEquals(RestStatus.CONFLICT, refused.status());
        assertEquals("model [large-model] is unloaded; load it with POST _plugins/_clip/models/large-model/_load", refused.getMessage());

        assertEquals(ModelState.LOADING, registry.load("large-model").state(), "loading starts again");
        assertEquals(RestStatus.SERVICE_UNAVAILABLE, assertThrows(OpenSearchStatusException.class, () -> registry.loaded("large-model"))
            .status());
        assertNull(registry.unload("nope"));
        assertNull(registry.load("nope"));
    }

    @Test
    void registeredModelsAreRemovedAndConfigBundlesAreNot() {
        ModelRegistry registry = registry();
        assertEquals(work.resolve("registered/reg"), registry.remove("registered-model"));
        assertNull(registry.status("registered-model"));
        assertThrows(IllegalArgumentException.class, () -> registry.resolveName("registered-model"));
        assertNull(registry.remove("base-model"), "a config-directory bundle is never removed");
        assertEquals(ModelState.LOADING, registry.status("base-model").state());
    }

    @Test
    void aFailedRegistrationKeepsItsNameVersionDimensionAndReason() {
        ModelRegistry registry = registry();
        Path target = work.resolve("registered/x.zip");
        assertNull(registry.startDownload("x", "2", 512, target));
        registry.downloadFailed("x", target, "registration failed: download of http://h/x.zip failed (see the node log)");
        ModelStatus failed = registry.status("x");
        assertEquals(List.of("x", "2", 512, ModelState.FAILED, ModelOrigin.REGISTERED), List.of(failed.name(), failed.version(),
            failed.dimension(), failed.state(), failed.origin()));
        assertEquals("registration failed: download of http://h/x.zip failed (see the node log)", failed.error());
        assertEquals(target, registry.remove("x"), "a failed registration can be removed");
    }

    @Test
    void aModelRemovedWhileItDownloadsIsNotBroughtBackByItsDownload() {
        ModelRegistry registry = registry();
        NodeModels.addBundle(work.resolve("built"), "y", "y");
        registry.startDownload("y", "1", 32, work.resolve("registered/y"));
        registry.remove("y");
        assertFalse(registry.downloaded("y", work.resolve("built/y"), true));
        assertNull(registry.status("y"));
        registry.downloadFailed("y", work.resolve("registered/y"), "late failure");
        assertNull(registry.status("y"), "nor by its failure");
    }

    @Test
    void aBundleBuiltForAnUnloadedModelStaysUnloaded() {
        ModelRegistry registry = registry();
        NodeModels.addBundle(work.resolve("built"), "z", "z");
        registry.startDownload("z", "1", 32, work.resolve("registered/z"));
        assertEquals(true, registry.downloaded("z", work.resolve("built/z"), false));
        assertEquals(ModelState.UNLOADED, registry.status("z").state());
    }

    @Test
    void theDefaultFollowsTheSettingAtRunTime() {
        ModelRegistry registry = registry();
        assertEquals("base-model", registry.resolveName(null));
        registry.setDefaultModel("registered-model");
        assertEquals("registered-model", registry.resolveName(null));
        assertEquals(List.of("registered-model"), registry.statuses().stream().filter(ModelStatus::isDefault).map(ModelStatus::name)
            .toList());
        registry.setDefaultModel("");
        assertEquals("base-model", registry.resolveName(null), "empty: the bundle directory called default");
        registry.setDefaultModel("not-yet-registered");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.resolveName(null));
        assertEquals("unknown model [not-yet-registered]; models on this node: [base-model, large-model, registered-model]", e.getMessage());
    }
}
