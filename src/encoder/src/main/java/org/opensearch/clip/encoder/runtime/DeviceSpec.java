package org.opensearch.clip.encoder.runtime;

import ai.djl.Device;

import java.util.Locale;

/** A device setting: {@code auto} (first GPU if present, else CPU), {@code cpu} or {@code gpu:N}. */
public record DeviceSpec(Kind kind, int gpuIndex) {
    /** What the setting asks for. */
    public enum Kind {
        AUTO,
        CPU,
        GPU
    }

    /** Parses a device setting value, with a message that lists the accepted forms. */
    public static DeviceSpec parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return new DeviceSpec(Kind.AUTO, -1);
        }
        if (v.equals("cpu")) {
            return new DeviceSpec(Kind.CPU, -1);
        }
        if (v.equals("gpu")) {
            return new DeviceSpec(Kind.GPU, 0);
        }
        if (v.startsWith("gpu:")) {
            try {
                int index = Integer.parseInt(v.substring(4));
                if (index >= 0) {
                    return new DeviceSpec(Kind.GPU, index);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("device [" + value + "] must be auto, cpu, gpu or gpu:N (N = GPU index)");
    }

    /** Resolves the setting against the GPUs the engine sees; asking for a missing GPU is an error. */
    public Device resolve(int gpuCount) {
        return switch (kind) {
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpuIndex >= gpuCount) {
                    throw new IllegalArgumentException(
                        "device [gpu:" + gpuIndex + "] is not available: the PyTorch engine sees " + gpuCount + " GPU(s)"
                    );
                }
                yield Device.gpu(gpuIndex);
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }
}
