package org.opensearch.clip.trainer.cli;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.HeldOutSplit;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.input.BatchLoader;
import org.opensearch.clip.trainer.input.EpochPlan;
import org.opensearch.clip.trainer.input.ImageLoader;
import org.opensearch.clip.trainer.input.PairBatch;
import org.opensearch.clip.trainer.train.AdamW;
import org.opensearch.clip.trainer.train.ClipTrainingModel;
import org.opensearch.clip.trainer.train.FrozenTower;
import org.opensearch.clip.trainer.train.TrainingStep;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code benchmark}: training throughput (pairs/s) and the share of time the model waits on data, with the real
 * data pipeline; then encode latency per image (decode + preprocess + encode) and per text at batch 1, and encode
 * throughput at batch 64, through the serving encoder. Nothing is written to the bundle.
 */
final class BenchmarkCommand implements Command {
    @Override
    public String name() {
        return "benchmark";
    }

    @Override
    public String summary() {
        return "measure training pairs/s, the model's data-wait share, and encode latency per image and per text";
    }

    @Override
    public String usage() {
        return """
              --model DIR|ZIP      the bundle to train and encode with (it is not modified)
              --batch-size N       pairs per step (default 64)
              --steps N            measured training steps (default 30), after --warmup steps (default 5)
              --warmup N           unmeasured steps first (default 5)
              --workers N          image decoding threads (default: half the cores, at least 1)
              --encode-samples N   images and texts timed one at a time (default 200)
              --out FILE           also write the results as JSON
            """ + DatasetOptions.USAGE + RuntimeOptions.USAGE;
    }

    @Override
    public Set<String> switches() {
        return DatasetOptions.SWITCHES;
    }

    @Override
    public Set<String> options() {
        Set<String> all = new HashSet<>(Set.of("model", "batch-size", "steps", "warmup", "workers", "encode-samples", "out"));
        all.addAll(DatasetOptions.OPTIONS);
        all.addAll(RuntimeOptions.OPTIONS);
        return all;
    }

    @Override
    public int run(Arguments arguments, PrintStream out) throws Exception {
        int batchSize = arguments.integer("batch-size", 64);
        int steps = arguments.integer("steps", 30);
        int warmup = arguments.integer("warmup", 5);
        int workers = arguments.integer("workers", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        int samples = arguments.integer("encode-samples", 200);
        Device device = RuntimeOptions.start(arguments);
        ProblemLog problems = new ProblemLog();
        Dataset dataset = DatasetOptions.load(arguments, problems, out).dataset();
        Dataset train = HeldOutSplit.of(dataset, 0.1, 42).train();
        ModelBundle bundle = ModelBundle.open(Path.of(arguments.required("model")), RuntimeOptions.extractRoot());
        ImageLoader images = new ImageLoader(ClipEncoder.preprocessConfig(bundle.manifest().image()), ImageLimits.DEFAULT);

        JsonObject json = new JsonObject();
        json.addProperty("model", bundle.manifest().name() + "@" + bundle.manifest().version());
        json.addProperty("dataset", dataset.name());
        json.addProperty("threads", arguments.integer("threads", Runtime.getRuntime().availableProcessors()));
        json.addProperty("workers", workers);
        json.addProperty("batch_size", batchSize);
        json.add("training", training(bundle, images, train, device, batchSize, warmup, steps, workers, problems, out));
        json.add("encode", encoding(bundle, device, dataset, samples, out));
        if (arguments.has("out")) {
            Path file = arguments.path("out", null);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n",
                StandardCharsets.UTF_8);
            out.println("written to " + file);
        }
        return 0;
    }

    private static JsonObject training(ModelBundle bundle, ImageLoader images, Dataset train, Device device, int batchSize, int warmup,
        int steps, int workers, ProblemLog problems, PrintStream out) {
        try (ClipTrainingModel model = ClipTrainingModel.load(bundle, device, FrozenTower.NONE, bundle.manifest().logitScale());
            ClipTokenizer tokenizer = ClipTokenizer.load(bundle.file(ModelManifest.TOKENIZER), bundle.manifest().text());
            BatchLoader loader = new BatchLoader(images, tokenizer, workers, problems)) {
            TrainingStep step = new TrainingStep(model, new AdamW(model.parameters(), 0.9, 0.98, 1e-6, 0.1, model.manager()));
            int epoch = 1;
            loader.begin(EpochPlan.batches(train, batchSize, 42, epoch));
            long start = 0;
            long waitAtStart = 0;
            long prepareAtStart = 0;
            long pairs = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                    waitAtStart = loader.waitNanos();
                    prepareAtStart = loader.prepareNanos();
                }
                if (!loader.hasNext()) {
                    loader.begin(EpochPlan.batches(train, batchSize, 42, ++epoch));
                }
                PairBatch batch = loader.next();
                step.run(batch, 1e-4);
                if (i >= warmup) {
                    pairs += batch.count();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double wait = (loader.waitNanos() - waitAtStart) / 1e9;
            double prepare = (loader.prepareNanos() - prepareAtStart) / 1e9;
            JsonObject json = new JsonObject();
            json.addProperty("steps", steps);
            json.addProperty("pairs_per_second", pairs / seconds);
            json.addProperty("step_ms", 1000 * seconds / steps);
            json.addProperty("data_wait_share", wait / seconds);
            json.addProperty("batch_prepare_ms", 1000 * prepare / steps);
            out.printf(Locale.ROOT, "training: %.0f pairs/s (batch %d, %.0f ms/step), model waited on data %.2f%% of the time "
                + "(a worker needs %.0f ms to prepare a batch)%n", pairs / seconds, batchSize, 1000 * seconds / steps, 100 * wait / seconds,
                1000 * prepare / steps);
            return json;
        }
    }

    private static JsonObject encoding(ModelBundle bundle, Device device, Dataset dataset, int samples, PrintStream out) throws Exception {
        List<Example> examples = dataset.examples().subList(0, Math.min(samples, dataset.examples().size()));
        List<byte[]> encoded = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Example e : examples) {
            encoded.add(Files.readAllBytes(e.image()));
            texts.add(Dataset.prompt(dataset.templates().get(0), e.captions().get(0)));
        }
        try (ClipEncoder encoder = ClipEncoder.load(bundle, device)) {
            for (int i = 0; i < Math.min(10, encoded.size()); i++) {
                encoder.encodeImages(List.of(encoder.preprocess(encoded.get(i), ImageLimits.DEFAULT)), 1);
                encoder.encodeTexts(List.of(texts.get(i)), 1);
            }
            double[] imageMs = new double[encoded.size()];
            List<float[]> pixels = new ArrayList<>();
            for (int i = 0; i < encoded.size(); i++) {
                long t = System.nanoTime();
                float[] p = encoder.preprocess(encoded.get(i), ImageLimits.DEFAULT);
                encoder.encodeImages(List.of(p), 1);
                imageMs[i] = (System.nanoTime() - t) / 1e6;
                pixels.add(p);
            }
            double[] textMs = new double[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                long t = System.nanoTime();
                encoder.encodeTexts(List.of(texts.get(i)), 1);
                textMs[i] = (System.nanoTime() - t) / 1e6;
            }
            long t = System.nanoTime();
            encoder.encodeImages(pixels, 64);
            double imagesPerSecond = pixels.size() / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            encoder.encodeTexts(texts, 64);
            double textsPerSecond = texts.size() / ((System.nanoTime() - t) / 1e9);
            JsonObject json = new JsonObject();
            json.addProperty("samples", encoded.size());
            json.addProperty("image_ms_median", median(imageMs));
            json.addProperty("text_ms_median", median(textMs));
            json.addProperty("images_per_second_batch64", imagesPerSecond);
            json.addProperty("texts_per_second_batch64", textsPerSecond);
            out.printf(Locale.ROOT, "encode at batch 1 (median of %d): %.2f ms per image (decode + preprocess + encode), %.2f ms per text%n",
                encoded.size(), median(imageMs), median(textMs));
            out.printf(Locale.ROOT, "encode at batch 64: %.0f images/s (preprocessed), %.0f texts/s%n", imagesPerSecond, textsPerSecond);
            return json;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
