package org.opensearch.clip.trainer.train;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.trainer.TestImages;
import org.opensearch.clip.trainer.TestRuntime;
import org.opensearch.clip.trainer.data.ClassFolderReader;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.LoadedDataset;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.eval.EvaluationResult;
import org.opensearch.clip.trainer.report.ProgressBar;
import org.opensearch.clip.trainer.report.RunReport;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole training runs on tiny data: the tiny-clip test bundle fine-tuned on generated images of five colours
 * (class folders, so captions come from prompt templates and zero-shot accuracy is measured).
 */
class TrainerTest {
    private static final List<String> COLOURS = List.of("red", "green", "blue", "yellow", "purple");
    private static final Map<String, Color> RGB = Map.of(
        "red", new Color(220, 30, 30), "green", new Color(30, 180, 40), "blue", new Color(30, 60, 220),
        "yellow", new Color(240, 220, 40), "purple", new Color(140, 40, 170)
    );

    @TempDir
    static Path shared;
    static Dataset dataset;
    static ProblemLog readProblems;

    @BeforeAll
    static void data() throws IOException {
        TestRuntime.start();
        Path root = shared.resolve("colours");
        writeColours(root);
        Files.write(root.resolve("red").resolve("corrupt.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6 });
        LoadedDataset loaded = ClassFolderReader.read(root);
        assertTrue(loaded.problems().isEmpty(), loaded.problems().toString());
        dataset = loaded.dataset();
    }

    /** Eight generated PNGs of each colour in a class folder of its name. */
    static void writeColours(Path root) throws IOException {
        for (String colour : COLOURS) {
            for (int i = 0; i < 8; i++) {
                TestImages.png(root.resolve(colour).resolve(colour + i + ".png"), RGB.get(colour), i);
            }
        }
    }

    static TrainOptions options(Path out, int epochs) {
        return new TrainOptions(TestRuntime.tinyClip(), out, epochs, 8, 2e-3, 0, 2, 0.1, 11, FrozenTower.NONE, 0.25,
            ClipTrainingModel.INITIAL_LOGIT_SCALE, "tiny-colours", "7", 1, Math.min(epochs, 3));
    }

    static RunReport train(TrainOptions options, boolean resume) throws IOException {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Trainer(options, dataset, Device.cpu(), new ProblemLog(), log, new ProgressBar(log, false, 60)).run(resume);
    }

    /** Every held-out class has its row, and the rows' recall weighted by their prompts is the overall recall. */
    static void assertClassBreakdownAddsUp(EvaluationResult result) {
        assertEquals(dataset.classes(), result.byClass().stream().map(c -> c.label()).toList());
        assertEquals(result.texts(), result.byClass().stream().mapToInt(c -> c.texts()).sum());
        double at1 = result.byClass().stream().mapToDouble(c -> c.texts() * c.textToImage().at1()).sum() / result.texts();
        double at10 = result.byClass().stream().mapToDouble(c -> c.texts() * c.textToImage().at10()).sum() / result.texts();
        assertEquals(result.textToImage().at1(), at1, 1e-9);
        assertEquals(result.textToImage().at10(), at10, 1e-9);
        assertEquals(result, EvaluationResult.fromJson(result.toJson()));
    }

    @Test
    void fineTuningRaisesHeldOutRecallAndWritesALoadableBundle(@TempDir Path out) throws Exception {
        RunReport report = train(options(out, 8), false);

        EvaluationResult before = report.history().get(0).validation();
        EvaluationResult after = report.history().get(report.history().size() - 1).validation();
        assertEquals(9, report.history().size());
        assertTrue(after.textToImage().at1() > before.textToImage().at1() + 0.3, before.summary() + " -> " + after.summary());
        assertTrue(after.zeroShot().top1() > before.zeroShot().top1() + 0.3, before.summary() + " -> " + after.summary());
        assertTrue(report.history().get(8).trainLoss() < report.history().get(1).trainLoss());
        assertClassBreakdownAddsUp(after);

        ModelBundle bundle = ModelBundle.open(out.resolve(Trainer.MODEL_DIR), out); // verifies every sha256
        ModelManifest manifest = bundle.manifest();
        assertEquals("tiny-colours", manifest.name());
        assertEquals("7", manifest.version());
        double trained = report.history().get(8).logitScale();
        assertEquals(trained, manifest.logitScale(), 1e-9);
        assertNotEquals(ClipTrainingModel.INITIAL_LOGIT_SCALE, trained, 1e-3);
        assertEquals(ModelBundle.peekManifest(TestRuntime.tinyClip()).embeddingDim(), manifest.embeddingDim());
        try (ClipEncoder encoder = ClipEncoder.load(bundle, Device.cpu())) {
            float[] v = encoder.encodeTexts(List.of("a photo of a red."), 1)[0];
            assertEquals(manifest.embeddingDim(), v.length);
        }

        JsonObject metrics = JsonParser.parseString(Files.readString(out.resolve(RunReport.METRICS))).getAsJsonObject();
        assertEquals(before.toJson(), metrics.get("before"));
        assertEquals(after.toJson(), metrics.get("after"));
        assertEquals(9, metrics.getAsJsonArray("epochs").size());
        BufferedImage chart = ImageIO.read(out.resolve(RunReport.CHART).toFile());
        assertTrue(chart.getWidth() > 800 && chart.getHeight() > 300);
        List<String> badRows = Files.readAllLines(out.resolve(RunReport.BAD_ROWS));
        assertEquals(1, badRows.size(), badRows.toString());
        assertTrue(badRows.get(0).contains("corrupt.png") && badRows.get(0).contains("cannot be decoded"), badRows.get(0));
        try (Stream<Path> checkpoints = Files.list(out.resolve("checkpoints"))) {
            assertEquals(List.of("epoch-0006", "epoch-0007", "epoch-0008"),
                checkpoints.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertThrows(IllegalStateException.class, () -> train(options(out, 8), false), "a second run into the same folder is refused");
    }

    @Test
    void aFixedSeedGivesTheSameRunAndResumeContinuesExactly(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        train(options(a, 3), false);
        train(options(b, 3), false);
        assertEquals(comparable(a), comparable(b));
        assertEquals(ModelBundle.open(a.resolve(Trainer.MODEL_DIR), a).manifest().files(),
            ModelBundle.open(b.resolve(Trainer.MODEL_DIR), b).manifest().files(), "byte-identical bundles");

        // c is a copy of a stopped after epoch 1
        copyTree(a, c);
        for (String gone : List.of("checkpoints/epoch-0002", "checkpoints/epoch-0003", "model")) {
            CheckpointStore.deleteTree(c.resolve(gone));
        }
        Files.delete(c.resolve(RunReport.METRICS));
        RunReport resumed = train(options(c, 3), true);
        assertEquals(4, resumed.history().size());
        assertEquals(comparable(a), comparable(c));
        assertEquals(modelWeights(a), modelWeights(c));

        TrainOptions changed = new TrainOptions(TestRuntime.tinyClip(), c, 3, 8, 1e-3, 0, 2, 0.1, 11, FrozenTower.NONE, 0.25,
            ClipTrainingModel.INITIAL_LOGIT_SCALE, "tiny-colours", "7", 1, 3);
        assertThrows(IllegalArgumentException.class, () -> train(changed, true), "resuming with other settings is refused");
    }

    @Test
    void aFrozenTowerKeepsItsWeights(@TempDir Path out) throws Exception {
        TrainOptions base = options(out, 1);
        TrainOptions frozen = new TrainOptions(base.model(), out, 1, 8, 2e-3, 0, 2, 0.1, 11, FrozenTower.IMAGE, 0.25,
            ClipTrainingModel.INITIAL_LOGIT_SCALE, "tiny-colours", "7", 1, 1);
        train(frozen, false);
        Path reference = out.resolve("reference");
        Files.createDirectories(reference);
        ModelBundle tiny = ModelBundle.open(TestRuntime.tinyClip(), TestRuntime.tinyClip());
        try (TrainableTower image = TrainableTower.load(tiny.directory(), ModelManifest.IMAGE_ENCODER, Device.cpu(), "image", false)) {
            image.write(reference.resolve(ModelManifest.IMAGE_ENCODER));
        }
        assertEquals(ModelBundle.sha256(reference.resolve(ModelManifest.IMAGE_ENCODER)),
            ModelBundle.sha256(out.resolve("model").resolve(ModelManifest.IMAGE_ENCODER)));
        assertNotEquals(tiny.manifest().files().get(ModelManifest.TEXT_ENCODER),
            ModelBundle.sha256(out.resolve("model").resolve(ModelManifest.TEXT_ENCODER)));
    }

    /** metrics.json without wall times, throughput and paths. */
    private static JsonObject comparable(Path run) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve(RunReport.METRICS))).getAsJsonObject();
        json.remove("train_seconds");
        json.remove("pairs_per_second");
        json.remove("data_wait_share");
        json.getAsJsonObject("bundle").remove("path");
        JsonArray epochs = json.getAsJsonArray("epochs");
        for (JsonElement e : epochs) {
            e.getAsJsonObject().remove("seconds");
            e.getAsJsonObject().remove("pairs_per_second");
            e.getAsJsonObject().remove("data_wait_share");
        }
        assertFalse(epochs.isEmpty());
        return json;
    }

    /** The output bundle's weights, by parameter name (a resumed run re-serialises modules it loaded from a checkpoint,
     * so the TorchScript files need not be byte-identical even when every weight is). */
    private static Map<String, List<Float>> modelWeights(Path run) {
        ModelBundle bundle = ModelBundle.open(run.resolve(Trainer.MODEL_DIR), run);
        Map<String, List<Float>> weights = new java.util.TreeMap<>();
        for (String file : List.of(ModelManifest.IMAGE_ENCODER, ModelManifest.TEXT_ENCODER)) {
            try (TrainableTower tower = TrainableTower.load(bundle.directory(), file, Device.cpu(), file, true)) {
                for (TrainableParameter p : tower.parameters()) {
                    List<Float> values = new java.util.ArrayList<>();
                    for (float v : p.array().toFloatArray()) {
                        values.add(v);
                    }
                    weights.put(p.name(), values);
                }
            }
        }
        weights.put("logit_scale", List.of((float) bundle.manifest().logitScale()));
        return weights;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
