package org.opensearch.clip.encoder.runtime;

import ai.djl.Device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The devices a node runs its models on: {@code auto} (the first GPU if there is one, else the CPU), {@code all}
 * (every GPU, else the CPU), or a comma-separated list of {@link DeviceSpec}s such as {@code gpu:0,gpu:1} or
 * {@code cpu}. Each model gets one replica per device.
 */
public record DeviceList(boolean all, List<DeviceSpec> specs) {

    /** Parses a {@code clip.device} value, with a message that lists the accepted forms. */
    public static DeviceList parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("all")) {
            return new DeviceList(true, List.of());
        }
        List<DeviceSpec> specs = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            try {
                specs.add(DeviceSpec.parse(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "device [" + value + "] must be auto, all, cpu, gpu, gpu:N or a comma-separated list of cpu and gpu:N (N = GPU index)"
                );
            }
        }
        if (specs.size() > 1 && specs.stream().anyMatch(s -> s.kind() == DeviceSpec.Kind.AUTO)) {
            throw new IllegalArgumentException("device [" + value + "]: auto cannot be part of a list");
        }
        return new DeviceList(false, List.copyOf(specs));
    }

    /**
     * The distinct devices to place replicas on, given the GPUs the engine sees; {@code all} and {@code auto} fall
     * back to the CPU on a machine without GPUs, a GPU named explicitly that does not exist is an error.
     */
    public List<Device> resolve(int gpuCount) {
        if (all) {
            if (gpuCount == 0) {
                return List.of(Device.cpu());
            }
            List<Device> gpus = new ArrayList<>(gpuCount);
            for (int i = 0; i < gpuCount; i++) {
                gpus.add(Device.gpu(i));
            }
            return gpus;
        }
        Set<Device> devices = new LinkedHashSet<>();
        for (DeviceSpec spec : specs) {
            devices.add(spec.resolve(gpuCount));
        }
        return List.copyOf(devices);
    }

    @Override
    public String toString() {
        if (all) {
            return "all";
        }
        return String.join(",", specs.stream().map(DeviceSpec::toString).toList());
    }
}
