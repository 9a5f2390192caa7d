package org.opensearch.clip.encoder.runtime;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which devices {@code clip.device} puts replicas on, with and without GPUs. */
class DeviceListTest {

    @Test
    void autoIsTheFirstGpuOrTheCpu() {
        assertEquals(List.of(Device.cpu()), DeviceList.parse("auto").resolve(0));
        assertEquals(List.of(Device.gpu(0)), DeviceList.parse("auto").resolve(4));
    }

    @Test
    void allIsEveryGpuOrTheCpu() {
        assertEquals(List.of(Device.cpu()), DeviceList.parse("all").resolve(0));
        assertEquals(List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2)), DeviceList.parse("ALL").resolve(3));
    }

    @Test
    void aListPutsOneReplicaOnEachDistinctDevice() {
        assertEquals(List.of(Device.gpu(0), Device.gpu(1)), DeviceList.parse("gpu:0, gpu:1").resolve(2));
        assertEquals(List.of(Device.gpu(1), Device.cpu()), DeviceList.parse("gpu:1,cpu,gpu:1").resolve(2));
        assertEquals("gpu:0,gpu:1", DeviceList.parse("gpu:0,gpu:1").toString());
    }

    @Test
    void aMissingGpuNamedExplicitlyIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceList.parse("gpu:0,gpu:1").resolve(1));
        assertTrue(e.getMessage().contains("gpu:1"), e.getMessage());
    }

    @Test
    void malformedListsAreRefusedWithTheAcceptedForms() {
        for (String bad : List.of("tpu", "gpu:0,", "gpu:-1", "auto,cpu", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceList.parse(bad), bad);
            assertTrue(e.getMessage().contains("must be auto, all, cpu") || e.getMessage().contains("auto cannot be part of a list"),
                e.getMessage());
        }
    }
}
