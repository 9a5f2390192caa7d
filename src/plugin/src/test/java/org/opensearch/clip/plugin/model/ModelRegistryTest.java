package org.opensearch.clip.plugin.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.runtime.DeviceList;
import org.opensearch.clip.plugin.NodeModels;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.core.common.Strings;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's models: found in its models directory, named by their manifests, the default chosen, requests for a model
 * resolved or refused, and the state of each reported. Bundles here hold only a manifest: nothing is loaded unless
 * a test asks, and then loading fails the way a broken bundle does.
 */
class ModelRegistryTest {
    @TempDir
    Path models;

    @Test
    void bundlesAreNamedByTheirManifestsAndTheDefaultBundleGivesTheDefault() {
        NodeModels.addBundle(models, "default", "base-model");
        NodeModels.addBundle(models, "large", "large-model");
        ModelRegistry registry = ModelRegistry.discover(models, "");
        assertEquals("base-model", registry.defaultModel());
        assertEquals("base-model", registry.resolveName(null));
        assertEquals("large-model", registry.resolveName("large-model"));
        assertEquals(32, registry.dimension("large-model"));
        assertEquals(List.of("base-model", "large-model"), registry.statuses().stream().map(ModelStatus::name).toList());
    }

    @Test
    void theDefaultModelSettingWinsOverTheDefaultBundle() {
        NodeModels.addBundle(models, "default", "base-model");
        NodeModels.addBundle(models, "large", "large-model");
        ModelRegistry registry = ModelRegistry.discover(models, "large-model");
        assertEquals("large-model", registry.resolveName(null));
        List<ModelStatus> statuses = registry.statuses();
        assertEquals(List.of(false, true), statuses.stream().map(ModelStatus::isDefault).toList());
    }

    @Test
    void zippedBundlesAreFoundToo() throws IOException {
        NodeModels.addBundle(models, "unzipped", "zipped-model");
        Path zip = models.resolve("zipped.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("zipped/clip-model.json"));
            out.write(Files.readAllBytes(models.resolve("unzipped/clip-model.json")));
            out.closeEntry();
        }
        Files.delete(models.resolve("unzipped/clip-model.json"));
        Files.delete(models.resolve("unzipped"));
        ModelRegistry registry = ModelRegistry.discover(models, "");
        assertEquals("zipped-model", registry.resolveName("zipped-model"));
        assertNull(registry.defaultModel(), "no bundle is called default and no default is set");
    }

    @Test
    void anUnknownModelIsRefusedListingTheNodesModels() {
        NodeModels.addBundle(models, "default", "base-model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRegistry.discover(models, "").resolveName("nope"));
        assertEquals("unknown model [nope]; models on this node: [base-model]", e.getMessage());
    }

    @Test
    void aNodeWithoutModelsRefusesRequestsClearly() {
        ModelRegistry registry = ModelRegistry.discover(models.resolve("absent"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.resolveName(null));
        assertEquals("no model given and this node has no default model (set clip.default_model)", e.getMessage());
        assertTrue(registry.statuses().isEmpty());
    }

    @Test
    void aBundleWithABadManifestIsListedAsFailedWithTheReason() throws IOException {
        Files.writeString(Files.createDirectories(models.resolve("broken")).resolve("clip-model.json"), "{\"name\": 5}");
        ModelRegistry registry = ModelRegistry.discover(models, "");
        ModelStatus status = registry.statuses().get(0);
        assertEquals("broken", status.name(), "named after its directory");
        assertEquals(ModelState.FAILED, status.state());
        assertEquals(
            "model bundle " + models.resolve("broken") + ": clip-model.json: [name] is required and must be a non-empty string",
            status.error()
        );
        OpenSearchStatusException e = assertThrows(OpenSearchStatusException.class, () -> registry.encoder("broken"));
        assertEquals(RestStatus.INTERNAL_SERVER_ERROR, e.status());
        assertTrue(e.getMessage().startsWith("model [broken] failed to load: model bundle "), e.getMessage());
    }

    @Test
    void twoBundlesWithOneNameAreReported() {
        NodeModels.addBundle(models, "a", "same-model");
        NodeModels.addBundle(models, "b", "same-model");
        ModelRegistry registry = ModelRegistry.discover(models, "");
        List<ModelStatus> statuses = registry.statuses();
        assertEquals(2, statuses.size());
        ModelStatus duplicate = statuses.stream().filter(s -> s.state() == ModelState.FAILED).findFirst().orElseThrow();
        assertEquals(
            "model name [same-model] is used by both " + models.resolve("a") + " and " + models.resolve("b"),
            duplicate.error()
        );
        assertEquals("same-model", registry.resolveName("same-model"), "the first one found still serves");
    }

    @Test
    void aModelStillLoadingAnswersServiceUnavailable() {
        NodeModels.addBundle(models, "default", "base-model");
        ModelRegistry registry = ModelRegistry.discover(models, "");
        assertEquals(ModelState.LOADING, registry.statuses().get(0).state());
        OpenSearchStatusException e = assertThrows(OpenSearchStatusException.class, () -> registry.encoder(null));
        assertEquals(RestStatus.SERVICE_UNAVAILABLE, e.status());
        assertEquals(
            "model [base-model] is still loading; retry shortly (GET _plugins/_clip/models shows its state)",
            e.getMessage()
        );
    }

    @Test
    void aBundleWhoseFilesAreMissingFailsToLoadWithTheBundlesMessage() {
        NodeModels.addBundle(models, "default", "base-model");
        ModelRegistry registry = ModelRegistry.discover(models, "");
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        registry.loadAll(Runnable::run, work.resolve("djl-cache"), models.resolve("extracted"), DeviceList.parse("cpu"), 1);
        ModelStatus status = registry.statuses().get(0);
        assertEquals(ModelState.FAILED, status.state());
        assertEquals(
            "model bundle " + models.resolve("default") + ": image_encoder.pt is listed in clip-model.json but missing",
            status.error()
        );
        assertEquals("none", status.device());
    }

    @Test
    void aStatusTravelsBetweenNodesAndPrintsForTheModelsApi() throws IOException {
        ModelStatus status = new ModelStatus("m", "2", 512, "gpu:0", List.of("gpu:0", "gpu:1"), ModelState.LOADED, true, "/models/m", null, ModelOrigin.CONFIG);
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            status.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                assertEquals(status, ModelStatus.readFrom(in));
            }
        }
        Map<String, Object> json = XContentHelper.convertToMap(
            new BytesArray(Strings.toString(MediaTypeRegistry.JSON, status)),
            false,
            MediaTypeRegistry.JSON
        ).v2();
        assertEquals(
            Map.of("name", "m", "version", "2", "dimension", 512, "device", "gpu:0", "replicas", List.of("gpu:0", "gpu:1"), "state", "loaded",
                "default", true, "source", "/models/m", "origin", "config"),
            json
        );
        ModelStatus failed = new ModelStatus("m", "", 0, "none", List.of(), ModelState.FAILED, false, "/models/m", "bad digest", ModelOrigin.REGISTERED);
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            failed.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                assertEquals(failed, ModelStatus.readFrom(in));
            }
        }
        assertTrue(Strings.toString(MediaTypeRegistry.JSON, failed).contains("\"error\":\"bad digest\""));
    }
}
