package org.opensearch.clip.plugin.model;

import org.opensearch.clip.encoder.ClipEncoder;

import java.util.List;

/**
 * A model ready to embed: its identity and one encoder per replica (one per configured device, times
 * {@code clip.inference.replicas_per_device}). Each load of a model is a new instance.
 *
 * @param name     the model's name
 * @param version  the model's version
 * @param encoders the replicas' encoders, at least one
 */
public record LoadedModel(String name, String version, List<ClipEncoder> encoders) {

    /** The model's embedding dimension. */
    public int dimension() {
        return encoders.get(0).manifest().embeddingDim();
    }

    /** The replicas' devices as settings name them, e.g. {@code [cpu, cpu]} or {@code [gpu:0, gpu:1]}. */
    public List<String> devices() {
        return encoders.stream().map(ClipEncoder::deviceName).toList();
    }

    // identity semantics: two loads of the same bundle are different executions
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
