package org.opensearch.clip.encoder.hub;

import ai.djl.ndarray.types.DataType;

/** The element types a checkpoint's tensors may have, with their size and DJL type. */
public enum TensorType {
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    BF16(2, DataType.BFLOAT16),
    F64(8, DataType.FLOAT64),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32);

    private final int bytes;
    private final DataType djl;

    TensorType(int bytes, DataType djl) {
        this.bytes = bytes;
        this.djl = djl;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The DJL data type. */
    public DataType djl() {
        return djl;
    }

    /** Whether it is a floating-point type (weights must be). */
    public boolean floating() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type a safetensors header names ({@code F32}, {@code BF16} ...), or null when it is not one of these. */
    static TensorType ofSafetensors(String code) {
        for (TensorType t : values()) {
            if (t.name().equals(code)) {
                return t;
            }
        }
        return null;
    }

    /** The type of a PyTorch storage class ({@code FloatStorage} ...), or null when it is not one of these. */
    static TensorType ofStorage(String storage) {
        return switch (storage) {
            case "FloatStorage" -> F32;
            case "HalfStorage" -> F16;
            case "BFloat16Storage" -> BF16;
            case "DoubleStorage" -> F64;
            case "LongStorage" -> I64;
            case "IntStorage" -> I32;
            default -> null;
        };
    }
}
