package org.opensearch.clip.trainer.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.opensearch.clip.trainer.data.RowProblem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a finished run leaves next to its bundle: {@code metrics.json} (settings, data sizes, metrics before and
 * after, per-epoch history, time and throughput, bundle size), {@code training.png} and, when rows were skipped,
 * {@code bad-rows.txt}.
 *
 * @param dataset        the dataset's name
 * @param trainExamples  training examples
 * @param heldOut        held-out examples
 * @param evaluatedOn    what the metrics were measured on: {@link #HELD_OUT} or {@link #TRAINING_DATA}
 * @param settings       the run's settings fingerprint
 * @param history        epoch 0 (before) to the last epoch
 * @param trainSeconds   wall time of all epochs (evaluation included)
 * @param bundle         the final bundle's folder
 * @param problems       every skipped row
 */
public record RunReport(
    String dataset,
    int trainExamples,
    int heldOut,
    String evaluatedOn,
    JsonObject settings,
    List<EpochRecord> history,
    double trainSeconds,
    Path bundle,
    List<RowProblem> problems
) {
    /** The metrics file's name. */
    public static final String METRICS = "metrics.json";
    /** The chart's name. */
    public static final String CHART = "training.png";
    /** Metrics measured on held-out examples. */
    public static final String HELD_OUT = "held-out";
    /** Metrics measured on the training examples (nothing was held out). */
    public static final String TRAINING_DATA = "training data";
    /** The skipped rows' file name. */
    public static final String BAD_ROWS = "bad-rows.txt";

    /** Writes the report files into {@code out}. */
    public void write(Path out) throws IOException {
        Files.writeString(out.resolve(METRICS), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(toJson()) + "\n",
            StandardCharsets.UTF_8);
        TrainingChart.write(history, dataset, evaluatedOn, out.resolve(CHART));
        if (!problems.isEmpty()) {
            Files.write(out.resolve(BAD_ROWS), problems.stream().map(RowProblem::toString).toList(), StandardCharsets.UTF_8);
        }
    }

    /** The content of {@code metrics.json}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("dataset", dataset);
        json.addProperty("train_examples", trainExamples);
        json.addProperty("held_out_examples", heldOut);
        json.addProperty("bad_rows", problems.size());
        json.addProperty("evaluated_on", evaluatedOn);
        json.add("settings", settings);
        json.add("before", history.get(0).validation().toJson());
        json.add("after", history.get(history.size() - 1).validation().toJson());
        JsonArray epochs = new JsonArray();
        history.forEach(r -> epochs.add(r.toJson()));
        json.add("epochs", epochs);
        json.addProperty("train_seconds", trainSeconds);
        List<EpochRecord> trained = history.stream().filter(r -> r.epoch() > 0).toList();
        json.addProperty("pairs_per_second", trained.stream().mapToDouble(EpochRecord::pairsPerSecond).average().orElse(0));
        json.addProperty("data_wait_share", trained.stream().mapToDouble(EpochRecord::dataWaitShare).average().orElse(0));
        JsonObject bundleJson = new JsonObject();
        bundleJson.addProperty("path", bundle.toString());
        bundleJson.addProperty("bytes", sizeOf(bundle));
        bundleJson.addProperty("logit_scale", history.get(history.size() - 1).logitScale());
        json.add("bundle", bundleJson);
        return json;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
