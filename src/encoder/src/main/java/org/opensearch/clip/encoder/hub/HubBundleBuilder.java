package org.opensearch.clip.encoder.hub;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.opensearch.clip.encoder.runtime.CpuFeatures;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ImageConfig;
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
 * programs ({@link WeightProgram}), which are saved with the weights as ordinary TorchScript encoders. A TorchScript
 * archive in OpenAI's layout is built the same way ({@link #buildFromArchive}).
 */
public final class HubBundleBuilder {
    /** Why int8 is refused on a CPU without int8 dot products ({@link CpuFeatures#INT8_NEEDS_VNNI}). */
    public static final String INT8_NEEDS_VNNI = CpuFeatures.INT8_NEEDS_VNNI;

    /** The manifest key recording where a Hub bundle came from and its precision (informative; loading reads only its precision, to refuse int8 on a CPU without int8 dot products). */
    public static final String SOURCE_KEY = "hub";
    /** OpenAI's head width (every released CLIP's attention heads are 64 wide), the default for archives. */
    public static final int OPENAI_HEAD_WIDTH = ArchiveArchitecture.OPENAI_HEAD_WIDTH;
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
        CheckpointOpener opener = weightsName.endsWith(".safetensors") ? SafetensorsFile::open : TorchZipCheckpoint::open;
        return write(new Source(opener, weightsFile, weightsName, arch, preprocessing, snapshot.resolve(HubLayout.TOKENIZER),
            "snapshot " + snapshotDir, null), bundleDir, name, version, precision);
    }

    /**
     * Builds the same bundle from an archive bundle ({@code clip-model.json} naming a TorchScript {@code archive} in
     * OpenAI's layout, e.g. what {@code bundle-archive} writes for the catalog's openai/ViT-* entries): the archive's
     * module tree is read as a state dict ({@link TorchZipCheckpoint#openArchive}; float16 weights widened to float32),
     * its architecture derived from the weights' shapes ({@link ArchiveArchitecture}), and the image preprocessing,
     * logit scale and {@code tokenizer.json} are the archive bundle's. The DJL runtime must have been started.
     *
     * @param headWidth the width of one attention head (OpenAI's: {@link #OPENAI_HEAD_WIDTH}), which the weights do not tell
     * @throws HubCheckpointException naming the file and what is wrong with it
     */
    public static ModelManifest buildFromArchive(Path archiveBundleDir, Path bundleDir, String name, String version, Precision precision,
        int headWidth) throws HubCheckpointException {
        ModelManifest source;
        try {
            source = ModelManifest.parse(Files.readString(archiveBundleDir.resolve(ModelManifest.FILE_NAME), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubCheckpointException("archive bundle " + archiveBundleDir + ": cannot read " + ModelManifest.FILE_NAME + ": "
                + e.getMessage(), e);
        } catch (BundleException e) {
            throw new HubCheckpointException("archive bundle " + archiveBundleDir + ": " + e.getMessage(), e);
        }
        if (!source.isArchive()) {
            throw new HubCheckpointException("bundle " + archiveBundleDir + " is not an archive bundle (its manifest names no archive)");
        }
        if (source.archive().contains("/") || source.archive().contains("\\") || source.archive().startsWith(".")) {
            throw new HubCheckpointException("archive bundle " + archiveBundleDir + ": archive [" + source.archive() + "] is not a file name");
        }
        Path archive = archiveBundleDir.resolve(source.archive());
        Path tokenizer = archiveBundleDir.resolve(ModelManifest.TOKENIZER);
        if (!Files.isRegularFile(tokenizer)) {
            throw new HubCheckpointException("archive bundle " + archiveBundleDir + " has no " + ModelManifest.TOKENIZER);
        }
        ClipArchitecture arch;
        try (TorchZipCheckpoint checkpoint = TorchZipCheckpoint.openArchive(archive)) {
            arch = ArchiveArchitecture.of(checkpoint.tensors(), source.archive(), headWidth);
        } catch (IOException e) {
            throw new HubCheckpointException(source.archive() + ": cannot read: " + e.getMessage(), e);
        }
        ImageConfig image = source.image();
        if (image.size() != arch.vision().imageSize() || source.text().contextLength() != arch.text().contextLength()
            || source.embeddingDim() != arch.embeddingDim()) {
            throw new HubCheckpointException(source.archive() + ": its weights make a " + arch.vision().imageSize() + " px, "
                + arch.text().contextLength() + "-token, " + arch.embeddingDim() + "-dimension model but its manifest says "
                + image.size() + " px, " + source.text().contextLength() + " tokens, dimension " + source.embeddingDim());
        }
        HubPreprocessing preprocessing = new HubPreprocessing(image.resize(), image.size(), image.interpolation(), image.mean(), image.std());
        return write(new Source(TorchZipCheckpoint::openArchive, archive, source.archive(), arch, preprocessing,
            tokenizer, "archive bundle " + archiveBundleDir, source.logitScale()), bundleDir, name, version, precision);
    }

    /** Opens a weights file as a checkpoint. */
    private interface CheckpointOpener {
        CheckpointFile open(Path file) throws HubCheckpointException;
    }

    /**
     * What a bundle is built from: the weights, their architecture and preprocessing, the tokenizer, a name for
     * messages, and the logit scale when it is not the weights' ({@code null}: the weights' own).
     */
    private record Source(CheckpointOpener opener, Path weightsFile, String weightsName, ClipArchitecture arch,
        HubPreprocessing preprocessing, Path tokenizer, String what, Double logitScale) {}

    private static ModelManifest write(Source source, Path bundleDir, String name, String version, Precision precision)
        throws HubCheckpointException {
        if (precision == Precision.INT8 && CpuFeatures.lacksInt8DotProduct()) {
            throw new HubCheckpointException(INT8_NEEDS_VNNI);
        }
        try {
            if (Files.size(source.tokenizer()) > MAX_TOKENIZER_BYTES) {
                throw new HubCheckpointException(HubLayout.TOKENIZER + ": larger than " + MAX_TOKENIZER_BYTES + " bytes");
            }
            Files.createDirectories(bundleDir);
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write the bundle into " + bundleDir + ": " + e.getMessage(), e);
        }
        double weightsScale = writeEncoders(source, precision, bundleDir);
        double logitScale = source.logitScale() != null ? source.logitScale() : weightsScale;
        try {
            Files.copy(source.tokenizer(), bundleDir.resolve(ModelManifest.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
            JsonObject manifest = manifest(name, version, source.arch(), source.preprocessing(), logitScale, precision, source.weightsName(),
                bundleDir);
            String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest);
            Files.writeString(bundleDir.resolve(ModelManifest.FILE_NAME), json + "\n", StandardCharsets.UTF_8);
            return ModelManifest.parse(json);
        } catch (IOException e) {
            throw new HubCheckpointException("cannot write the bundle into " + bundleDir + ": " + e.getMessage(), e);
        } catch (BundleException e) {
            throw new HubCheckpointException(source.what() + " makes an invalid manifest: " + e.getMessage(), e);
        }
    }

    private static double writeEncoders(Source source, Precision precision, Path bundleDir) throws HubCheckpointException {
        try (
            CheckpointFile checkpoint = source.opener().open(source.weightsFile());
            PtNDManager manager = (PtNDManager) DjlRuntime.withModuleClassLoader(() -> NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE))
        ) {
            StateDictMapping.Weights weights = StateDictMapping.map(checkpoint, source.arch(), manager);
            WeightProgram.write("vision", precision, weights.vision(), manager, bundleDir.resolve(ModelManifest.IMAGE_ENCODER));
            weights.vision().close();
            WeightProgram.write("text", precision, weights.text(), manager, bundleDir.resolve(ModelManifest.TEXT_ENCODER));
            weights.text().close();
            return weights.logitScale();
        } catch (IOException e) {
            throw new HubCheckpointException(source.weightsName() + ": cannot read: " + e.getMessage(), e);
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
