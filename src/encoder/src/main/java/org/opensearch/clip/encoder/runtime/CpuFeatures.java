package org.opensearch.clip.encoder.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The x86 instruction-set extensions a precision depends on, read from the {@code flags} line of Linux's
 * {@code /proc/cpuinfo}; unknown (empty) on other systems and architectures, which are then not second-guessed.
 */
public final class CpuFeatures {

    /** The flags that give fbgemm's int8 kernels 32-bit dot products (without them its 16-bit sums saturate). */
    static final List<String> INT8_DOT_PRODUCT = List.of("avx512_vnni", "avx_vnni", "amx_int8");

    /**
     * Why int8 is refused on a CPU without AVX512-VNNI, AVX-VNNI or AMX: fbgemm's int8 kernels then sum in 16 bits and
     * saturate with the full 8-bit activations the bundle programs use (the tiny test checkpoint's text cosine against
     * fp32 fell to 0.970 on an AVX2-only EPYC; with VNNI the tests hold it at 0.999 or more).
     */
    public static final String INT8_NEEDS_VNNI = "precision int8 needs a CPU with AVX512-VNNI, AVX-VNNI or AMX, and this one has "
        + "none (its int8 sums would saturate and the vectors drift from fp32's): use fp32, or bf16 where the CPU has AVX512-BF16 or AMX";

    private static final Optional<Set<String>> FLAGS = read(Path.of("/proc/cpuinfo"));

    private CpuFeatures() {}

    /**
     * Whether this CPU is known to lack every int8 dot-product extension ({@link #INT8_DOT_PRODUCT}): true only where
     * the flags could be read and none is among them, as on AVX2-only x86 CPUs.
     */
    public static boolean lacksInt8DotProduct() {
        return lacksInt8DotProduct(FLAGS);
    }

    static boolean lacksInt8DotProduct(Optional<Set<String>> flags) {
        return flags.isPresent() && INT8_DOT_PRODUCT.stream().noneMatch(flags.get()::contains);
    }

    /** The first {@code flags} line's words of a cpuinfo file, or empty when there is none (not Linux on x86). */
    static Optional<Set<String>> read(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? Optional.empty() : Optional.of(Set.of(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT).split("\\s+")));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
