package org.opensearch.clip.encoder.runtime;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code clip.device} values: what each means, and the message for a value that means nothing. */
class DeviceSpecTest {

    @Test
    void theFourFormsParse() {
        assertEquals(new DeviceSpec(DeviceSpec.Kind.AUTO, -1), DeviceSpec.parse("auto"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.CPU, -1), DeviceSpec.parse("cpu"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.GPU, 0), DeviceSpec.parse("gpu"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.GPU, 1), DeviceSpec.parse("gpu:1"));
    }

    @Test
    void caseAndSurroundingSpaceDoNotMatter() {
        assertEquals(DeviceSpec.parse("gpu:2"), DeviceSpec.parse("  GPU:2 "));
        assertEquals(DeviceSpec.parse("cpu"), DeviceSpec.parse("CPU"));
    }

    @Test
    void theSettingsSpellingRoundTrips() {
        for (String value : new String[] { "auto", "cpu", "gpu:0", "gpu:3" }) {
            assertEquals(value, DeviceSpec.parse(value).toString());
        }
        assertEquals("gpu:0", DeviceSpec.parse("gpu").toString());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "", "tpu", "gpu:", "gpu:-1", "gpu:one", "gpu1", "cuda:0", "cpu:0", "gpu:1:2" })
    void otherValuesAreRefusedListingTheAcceptedForms(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(value));
        assertEquals("device [" + value + "] must be auto, cpu, gpu or gpu:N (N = GPU index)", e.getMessage());
    }

    @Test
    void noValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(null));
        assertEquals("device [null] must be auto, cpu, gpu or gpu:N (N = GPU index)", e.getMessage());
    }

    @Test
    void autoPicksTheFirstGpuWhenThereIsOneAndTheCpuOtherwise() {
        DeviceSpec auto = DeviceSpec.parse("auto");
        assertEquals(Device.cpu(), auto.resolve(0));
        assertEquals(Device.gpu(0), auto.resolve(2));
    }

    @Test
    void cpuIsTheCpuEvenWithGpus() {
        assertEquals(Device.cpu(), DeviceSpec.parse("cpu").resolve(4));
    }

    @Test
    void anExplicitGpuMustExist() {
        assertEquals(Device.gpu(1), DeviceSpec.parse("gpu:1").resolve(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("gpu:1").resolve(1));
        assertEquals("device [gpu:1] is not available: the PyTorch engine sees 1 GPU(s)", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("gpu").resolve(0));
        assertEquals("device [gpu:0] is not available: the PyTorch engine sees 0 GPU(s)", none.getMessage());
    }
}
