package org.opensearch.clip.encoder.hub;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a two-file model bundle ({@code image_encoder.pt}, {@code text_encoder.pt}, {@code tokenizer.json},
 * {@code clip-model.json}) from a Hugging Face Hub snapshot directory, in Java, without Python: the configuration
 * gives the architecture ({@link HubConfig}) and preprocessing ({@link HubPreprocessing}), the weights file is read
 * ({@link SafetensorsFile}, {@link TorchZipCheckpoint}) and mapped ({@link StateDictMapping}) onto the encoder's weight
 * programs ({@link WeightProgram}), which are saved with the weights as ordinary TorchScript encoders.
 */
public final class HubBundleBuilder {
    /** The manifest key recording where a Hub bundle came from and its precision (informative; loading ignores it). */
    public static final String SOURCE_KEY = "hub";
    /** The largest tokenizer.json copied. */
    static final long MAX_TOKENIZER_BYTES = 64L << 20;

    private HubBundleBuilder() {}

    /**
     * Reads the snapshot in {@code snapshotDir} (the files {@link HubLayout#filesToFetch} names; symlinks followed
     * when they stay inside the directory or, for a Hugging Face cache snapshot, inside its repository directory) and
     * writes the bundle into {@code bundleDir} (created; files of the same names replaced). The DJL runtime must have
     * been started.
     *
     * @return the bundle's manifest (every file's sha256 listed)
     * @throws HubCheckpointException naming the file and what is wrong with it
     */
    public static ModelManifest build(Path snapshotDir, Path bundleDir, String name, String version, Precision precision)
        throws HubCheckpointException {
        HubSnapshot snapshot = HubSnapshot.open(snapshotDir);
        List<String> present = new ArrayList<>();
        for (String candidate : HubLayout.candidateFiles()) {
            if (snapshot.has(candidate)) {
                present.add(candidate);
            }
        }
        List<String> files;
        try {
            files = HubLayout.filesToFetch(present);
        } catch (HubCheckpointException e) {
            throw new HubCheckpointException("snapshot " + snapshotDir + ": " + e.getMessage(), e);
        }
        boolean openClip = files.contains(HubLayout.OPEN_CLIP_CONFIG);
        ClipArchitecture arch;
        HubPreprocessing preprocessing;
        if (openClip) {
            String json = snapshot.readJson(HubLayout.OPEN_CLIP_CONFIG);
            arch = HubConfig.openClip(json);
            preprocessing = HubPreprocessing.openClip(json, arch.vision().imageSize());
        } else {
            arch = HubConfig.transformers(snapshot.readJson(HubLayout.CONFIG));
            preprocessing = files.contains(HubLayout.PREPROCESSOR_CONFIG)
                ? HubPreprocessing.transformers(snapshot.readJson(HubLayout.PREPROCESSOR_CONFIG), arch.vision().imageSize())
                : HubPreprocessing.defaults(arch.vision().imageSize());
        }
        String weightsName = files.get(1);
        Path weightsFile = snapshot.resolve(weightsName);
        Path tokenizer = snapshot.resolve(HubLayout.TOKENIZER);
        try {
            if (Files.size(tokenizer) > MAX_TOKENIZER_BYTES) {
                throw new HubCheckpointException(HubLayout.TOKENIZER + ": larger than " + MAX_TOKENIZER_BYTES + " bytes");
            }
            Files.createDirectories(bundleDir);
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write the bundle into " + bundleDir + ": " + e.getMessage(), e);
        }
        double logitScale = writeEncoders(weightsFile, weightsName, arch, precision, bundleDir);
        try {
            Files.copy(tokenizer, bundleDir.resolve(ModelManifest.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
            JsonObject manifest = manifest(name, version, arch, preprocessing, logitScale, precision, weightsName, bundleDir);
            String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest);
            Files.writeString(bundleDir.resolve(ModelManifest.FILE_NAME), json + "\n", StandardCharsets.UTF_8);
            return ModelManifest.parse(json);
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write the bundle into " + bundleDir + ": " + e.getMessage(), e);
        } catch (BundleException e) {
            throw new HubCheckpointException("snapshot " + snapshotDir + " makes an invalid manifest: " + e.getMessage(), e);
        }
    }

    private static double writeEncoders(Path weightsFile, String weightsName, ClipArchitecture arch, Precision precision, Path bundleDir)
        throws HubCheckpointException {
        try (
            CheckpointFile checkpoint = weightsName.endsWith(".safetensors") ? SafetensorsFile.open(weightsFile) : TorchZipCheckpoint.open(weightsFile);
            PtNDManager manager = (PtNDManager) DjlRuntime.withModuleClassLoader(() -> NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE))
        ) {
            StateDictMapping.Weights weights = StateDictMapping.map(checkpoint, arch, manager);
            WeightProgram.write("vision", precision, weights.vision(), manager, bundleDir.resolve(ModelManifest.IMAGE_ENCODER));
            weights.vision().close();
            WeightProgram.write("text", precision, weights.text(), manager, bundleDir.resolve(ModelManifest.TEXT_ENCODER));
            weights.text().close();
            return weights.logitScale();
        } catch (IOException e) {
            throw new HubCheckpointException(weightsName + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonObject manifest(String name, String version, ClipArchitecture arch, HubPreprocessing p, double logitScale,
        Precision precision, String weightsName, Path bundleDir) {
        JsonObject m = new JsonObject();
        m.addProperty("format_version", 1);
        m.addProperty("name", name);
        m.addProperty("version", version);
        m.addProperty("embedding_dim", arch.embeddingDim());
        JsonObject image = new JsonObject();
        image.addProperty("size", p.crop());
        image.addProperty("resize", p.resize());
        image.addProperty("interpolation", p.interpolation());
        image.addProperty("crop", "center");
        image.add("mean", numbers(p.mean()));
        image.add("std", numbers(p.std()));
        m.add("image", image);
        JsonObject text = new JsonObject();
        text.addProperty("context_length", arch.text().contextLength());
        text.addProperty("pad_id", 0);
        text.addProperty("attention_mask", false);
        m.add("text", text);
        m.addProperty("logit_scale", logitScale);
        JsonObject hub = new JsonObject();
        hub.addProperty("layout", arch.layout() == ClipArchitecture.Layout.TRANSFORMERS ? "transformers" : "open_clip");
        hub.addProperty("weights", weightsName);
        hub.addProperty("precision", precision.option());
        m.add(SOURCE_KEY, hub);
        JsonObject files = new JsonObject();
        for (String file : List.of(ModelManifest.IMAGE_ENCODER, ModelManifest.TEXT_ENCODER, ModelManifest.TOKENIZER)) {
            files.addProperty(file, ModelBundle.sha256(bundleDir.resolve(file)));
        }
        m.add("files", files);
        return m;
    }

    private static JsonArray numbers(List<Double> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
