package org.opensearch.clip.encoder.hub;

import java.util.Locale;

/** The number format a Hub checkpoint's encoders compute in: float32, bfloat16, or int8 dynamic quantisation. */
public enum Precision {
    /** Weights and activations float32: the checkpoint as trained. */
    FP32,
    /** Weights and activations bfloat16, layer norms and softmax in float32. */
    BF16,
    /** Every linear map (the attention in-projection included) dynamically quantised to int8, the rest float32. */
    INT8;

    /** The option's spelling in requests and manifests: {@code fp32}, {@code bf16} or {@code int8}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code fp32}, {@code bf16} or {@code int8} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Precision parse(String value) {
        if (value != null) {
            for (Precision p : values()) {
                if (p.option().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("precision [" + value + "] must be one of fp32, bf16, int8");
    }
}
