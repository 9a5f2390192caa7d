package org.opensearch.clip.encoder.archive;

import ai.djl.Device;

/**
 * What a TorchScript archive is rewritten for: the device its code's device constants name ({@code cpu} or
 * {@code cuda:N}), and whether float16 tensors and casts become float32.
 *
 * @param device the TorchScript device name every {@code torch.device(...)} constant is set to
 * @param float32 whether half-precision weights, constants and dtype casts are turned into float32
 */
public record ArchiveTarget(String device, boolean float32) {
    public ArchiveTarget {
        if (!device.equals("cpu") && !device.matches("cuda:\\d+")) {
            throw new IllegalArgumentException("archive target device [" + device + "] must be cpu or cuda:N");
        }
    }

    /** CPU runs in float32 (libtorch's CPU kernels are for float32); a GPU keeps the archive's float16. */
    public static ArchiveTarget forDevice(Device device) {
        return device.isGpu() ? new ArchiveTarget("cuda:" + device.getDeviceId(), false) : new ArchiveTarget("cpu", true);
    }

    /** A short name for file names: {@code cpu-fp32}, {@code cuda0-asis}. */
    public String tag() {
        return device.replace(":", "") + (float32 ? "-fp32" : "-asis");
    }
}
