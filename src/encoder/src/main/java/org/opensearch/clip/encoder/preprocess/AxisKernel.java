package org.opensearch.clip.encoder.preprocess;

/**
 * The convolution weights that resample one axis from {@code inSize} to {@code outSize} samples, computed as PIL's
 * {@code Image.resize} does: the kernel is widened by the downscale factor (so downscaling antialiases), the taps
 * of each output sample are normalised to sum to one, then turned into fixed-point integers of
 * {@link #PRECISION_BITS} fractional bits, rounding half away from zero.
 */
final class AxisKernel {

    /** Fractional bits of the fixed-point weights: 32 bits less 8 for the pixel value and 2 for overshoot. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** The value every fixed-point sum starts from: one half, so that the final shift rounds. */
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    private final int taps;
    private final int[] first;
    private final int[] count;
    private final int[] weights;

    AxisKernel(Interpolation filter, int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        this.taps = (int) Math.ceil(support) * 2 + 1;
        this.first = new int[outSize];
        this.count = new int[outSize];
        this.weights = new int[outSize * taps];
        double inverseScale = 1.0 / filterScale;
        double[] kernel = new double[taps];
        for (int out = 0; out < outSize; out++) {
            double center = (out + 0.5) * scale;
            // (int) truncates towards zero, as C's cast does
            int min = Math.max((int) (center - support + 0.5), 0);
            int n = Math.min((int) (center + support + 0.5), inSize) - min;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                kernel[i] = filter.weight((i + min - center + 0.5) * inverseScale);
                sum += kernel[i];
            }
            for (int i = 0; i < n; i++) {
                double normalised = sum != 0.0 ? kernel[i] / sum : kernel[i];
                double scaled = normalised * (1 << PRECISION_BITS);
                weights[out * taps + i] = (int) (normalised < 0 ? scaled - 0.5 : scaled + 0.5);
            }
            first[out] = min;
            count[out] = n;
        }
    }

    /** The first input sample output sample {@code out} reads. */
    int first(int out) {
        return first[out];
    }

    /** How many consecutive input samples output sample {@code out} reads. */
    int count(int out) {
        return count[out];
    }

    /** The fixed-point weight of the {@code tap}-th input sample of output sample {@code out}. */
    int weight(int out, int tap) {
        return weights[out * taps + tap];
    }

    /** Rounds a fixed-point sum (which started at one half) back to an 8-bit value, clamping to 0..255. */
    static int toByte(int sum) {
        int value = sum >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }

}
