package org.opensearch.clip.trainer.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.opensearch.clip.trainer.report.EpochRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint records besides weights and optimizer moments ({@code run-state.json}): the epoch and step
 * reached, the exact temperature, the settings fingerprint and the history so far.
 *
 * @param epoch         the last completed epoch
 * @param step          optimisation steps made so far
 * @param logLogitScale the temperature's logarithm, bit for bit
 * @param fingerprint   the settings that determine the result
 * @param history       one record per epoch, epoch 0 first
 * @param trainSeconds  wall time spent so far
 */
public record RunState(int epoch, int step, float logLogitScale, JsonObject fingerprint, List<EpochRecord> history, double trainSeconds) {
    /** The file name inside a checkpoint. */
    public static final String FILE_NAME = "run-state.json";

    /** Copies the history. */
    public RunState {
        history = List.copyOf(history);
    }

    /** Writes the state into a checkpoint folder. */
    public void write(Path checkpoint) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("epoch", epoch);
        json.addProperty("step", step);
        json.addProperty("log_logit_scale_bits", Float.floatToRawIntBits(logLogitScale));
        json.add("settings", fingerprint);
        JsonArray records = new JsonArray();
        history.forEach(r -> records.add(r.toJson()));
        json.add("history", records);
        json.addProperty("train_seconds", trainSeconds);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
        Files.writeString(checkpoint.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
    }

    /** Reads the state of a checkpoint folder. */
    public static RunState read(Path checkpoint) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(checkpoint.resolve(FILE_NAME), StandardCharsets.UTF_8)).getAsJsonObject();
        List<EpochRecord> history = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("history")) {
            history.add(EpochRecord.fromJson(e.getAsJsonObject()));
        }
        return new RunState(
            json.get("epoch").getAsInt(),
            json.get("step").getAsInt(),
            Float.intBitsToFloat(json.get("log_logit_scale_bits").getAsInt()),
            json.getAsJsonObject("settings"),
            history,
            json.get("train_seconds").getAsDouble()
        );
    }
}
