package org.opensearch.clip.trainer.report;

import com.google.gson.JsonObject;

import org.opensearch.clip.trainer.eval.EvaluationResult;

/**
 * One row of a run's history. Epoch 0 is the starting model, before any training.
 *
 * @param epoch          the epoch number
 * @param trainLoss      the mean training loss over the epoch ({@code NaN} for epoch 0)
 * @param learningRate   the learning rate of the epoch's last step
 * @param logitScale     the logit scale at the end of the epoch
 * @param pairsPerSecond training throughput over the epoch
 * @param dataWaitShare  the share of the epoch's training time spent waiting for data
 * @param seconds        the epoch's wall time, evaluation included
 * @param validation     the held-out metrics at the end of the epoch
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double learningRate,
    double logitScale,
    double pairsPerSecond,
    double dataWaitShare,
    double seconds,
    EvaluationResult validation
) {
    /** The record as JSON. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("epoch", epoch);
        if (!Double.isNaN(trainLoss)) {
            json.addProperty("train_loss", trainLoss);
        }
        json.addProperty("learning_rate", learningRate);
        json.addProperty("logit_scale", logitScale);
        json.addProperty("pairs_per_second", pairsPerSecond);
        json.addProperty("data_wait_share", dataWaitShare);
        json.addProperty("seconds", seconds);
        json.add("validation", validation.toJson());
        return json;
    }

    /** Reads {@link #toJson()}'s form. */
    public static EpochRecord fromJson(JsonObject json) {
        return new EpochRecord(
            json.get("epoch").getAsInt(),
            json.has("train_loss") ? json.get("train_loss").getAsDouble() : Double.NaN,
            json.get("learning_rate").getAsDouble(),
            json.get("logit_scale").getAsDouble(),
            json.get("pairs_per_second").getAsDouble(),
            json.get("data_wait_share").getAsDouble(),
            json.get("seconds").getAsDouble(),
            EvaluationResult.fromJson(json.getAsJsonObject("validation"))
        );
    }
}
