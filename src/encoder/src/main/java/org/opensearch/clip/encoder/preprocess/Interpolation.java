package org.opensearch.clip.encoder.preprocess;

import java.util.Locale;

/** The resampling filters of the resize step, with the kernels and supports PIL's {@code Image.resize} uses. */
public enum Interpolation {
    /** Cubic convolution with a = -0.5 over a support of 2 (PIL's {@code BICUBIC}, CLIP's choice). */
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            final double a = -0.5;
            double t = Math.abs(x);
            if (t < 1.0) {
                return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
            }
            if (t < 2.0) {
                return (((t - 5) * t + 8) * t - 4) * a;
            }
            return 0.0;
        }
    },
    /** The triangle filter over a support of 1 (PIL's {@code BILINEAR}). */
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            double t = Math.abs(x);
            return t < 1.0 ? 1.0 - t : 0.0;
        }
    };

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    /** Half the width of the kernel, in input pixels, before it is widened for downscaling. */
    double support() {
        return support;
    }

    /** The kernel's value at distance {@code x} from the sample centre. */
    abstract double weight(double x);

    /** Parses the model manifest's name for a filter: {@code bicubic} or {@code bilinear}, in any case. */
    public static Interpolation fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "bicubic" -> BICUBIC;
            case "bilinear" -> BILINEAR;
            default -> throw new IllegalArgumentException("unknown interpolation [" + name + "], expected [bicubic] or [bilinear]");
        };
    }
}
