package org.opensearch.clip.plugin.ivf.train;

/**
 * A training that has registered its model version and started sampling.
 *
 * @param task  the task id, {@code node:id}, for {@code GET _tasks/<task>}
 * @param model the model version being trained, {@code name:version}
 */
public record TrainingStarted(String task, String model) {}
