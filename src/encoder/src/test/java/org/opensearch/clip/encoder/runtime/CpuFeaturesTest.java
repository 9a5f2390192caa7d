package org.opensearch.clip.encoder.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CPU lacks int8 dot products only when its flags were read and name none of them; unknown CPUs are not refused. */
class CpuFeaturesTest {
    @TempDir
    Path temp;

    private Optional<Set<String>> flags(String cpuinfo) throws IOException {
        Path file = temp.resolve("cpuinfo");
        Files.writeString(file, cpuinfo);
        return CpuFeatures.read(file);
    }

    @Test
    void anAvx2OnlyCpuLacksInt8DotProducts() throws IOException {
        Optional<Set<String>> flags = flags("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n\nprocessor\t: 1\n");
        assertEquals(Optional.of(Set.of("fpu", "sse2", "avx", "avx2", "fma", "bmi2")), flags);
        assertTrue(CpuFeatures.lacksInt8DotProduct(flags));
    }

    @Test
    void avx512VnniAvxVnniOrAmxIsEnough() throws IOException {
        assertFalse(CpuFeatures.lacksInt8DotProduct(flags("flags\t: avx2 avx512f avx512_vnni avx512_bf16\n")));
        assertFalse(CpuFeatures.lacksInt8DotProduct(flags("flags\t: avx2 avx_vnni\n")));
        assertFalse(CpuFeatures.lacksInt8DotProduct(flags("flags\t: avx2 amx_int8 amx_bf16\n")));
    }

    @Test
    void noFlagsLineOrNoFileIsUnknownAndNotRefused() throws IOException {
        assertEquals(Optional.empty(), flags("processor\t: 0\nFeatures\t: fp asimd asimddp\n"));
        assertFalse(CpuFeatures.lacksInt8DotProduct(Optional.empty()));
        assertEquals(Optional.empty(), CpuFeatures.read(temp.resolve("absent")));
    }
}
