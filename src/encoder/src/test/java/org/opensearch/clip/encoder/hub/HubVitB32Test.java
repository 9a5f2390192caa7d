package org.opensearch.clip.encoder.hub;

import ai.djl.Device;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Hub path at ViT-B/32's real size (optional tier: -Dclip.vitb32=true): randomly initialised transformers and
 * OpenCLIP snapshots of ViT-B/32's architecture (src/tools/make_hub_checkpoints.py --size vit-b32, made once under
 * target/hub-vit-b32/ with /usr/bin/python3 and torch; about 1.2 GB, skipped without them) built into bundles embed as
 * the Python reference did: fp32 at cosine 0.9999 or more, bf16 and int8 at 0.999 or more.
 */
@EnabledIfSystemProperty(named = "clip.vitb32", matches = "true")
class HubVitB32Test {
    static final Path ROOT = Path.of("..", "..", "target", "hub-vit-b32").toAbsolutePath().normalize();

    @TempDir
    static Path temp;

    @BeforeAll
    static void makeTheSnapshots() throws Exception {
        for (String snapshot : new String[] { "hf-safetensors-quickgelu", "openclip-bin-gelu" }) {
            if (!Files.isRegularFile(ROOT.resolve(snapshot).resolve("reference.json"))) {
                Process make = new ProcessBuilder("/usr/bin/python3", "../tools/make_hub_checkpoints.py", "--size", "vit-b32", "--out",
                    ROOT.toString(), "--only", snapshot).inheritIO().start();
                assumeTrue(make.waitFor(20, TimeUnit.MINUTES) && make.exitValue() == 0,
                    "cannot make the ViT-B/32-sized snapshot (needs /usr/bin/python3 with torch): " + ROOT.resolve(snapshot));
            }
        }
        DjlRuntime.start(temp.resolve("djl"), 0);
    }

    @ParameterizedTest
    @CsvSource({ "hf-safetensors-quickgelu, fp32, 0.9999", "openclip-bin-gelu, fp32, 0.9999", "hf-safetensors-quickgelu, bf16, 0.999",
        "hf-safetensors-quickgelu, int8, 0.999" })
    void aVitB32SizedCheckpointEmbedsAsItsReference(String snapshot, String precision, double parity) throws Exception {
        Path bundleDir = temp.resolve(snapshot + "-" + precision);
        long start = System.nanoTime();
        HubBundleBuilder.build(ROOT.resolve(snapshot), bundleDir, "vit-b32/" + snapshot, "1", Precision.parse(precision));
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        JsonObject reference = HubFixtures.reference(ROOT.resolve(snapshot));
        try (ClipModel model = ClipModel.load(ModelBundle.open(bundleDir, temp.resolve("extract")), Device.cpu())) {
            double image = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("image_embeddings")), model.encodeImages(HubFixtures.pixels(ROOT)));
            double text = HubFixtures.minCosine(HubFixtures.rows(reference.getAsJsonArray("text_embeddings")), model.encodeTexts(HubFixtures.ids(ROOT)));
            System.out.printf("[hub vit-b32] %s %s: built in %.1f s, image cosine %.7f, text cosine %.7f%n", snapshot, precision, buildSeconds,
                image, text);
            assertTrue(image >= parity, "image cosine " + image);
            assertTrue(text >= parity, "text cosine " + text);
        }
    }
}
