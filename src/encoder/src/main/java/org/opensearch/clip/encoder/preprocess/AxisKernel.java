package org.opensearch.clip.encoder.preprocess;

/**
 * The convolution weights that resample one axis from {@code inSize} to {@code outSize} samples, computed as PIL's
 * {@code Image.resize} does: the kernel is widened by the downscale factor (so downscaling antialiases), the taps
 * of each output sample are normalised to sum to one, then turned into fixed-point integers of
 * {@link #PRECISION_BITS} fractional bits, rounding half away from zero. Only the weights of a window of output
 * samples are computed and kept, so the memory is bounded by the window (the crop), never by the resized axis,
 * however long an image claims to be.
 */
final class AxisKernel {

    /** Fractional bits of the fixed-point weights: 32 bits less 8 for the pixel value and 2 for overshoot. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** The value every fixed-point sum starts from: one half, so that the final shift rounds. */
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    private final int taps;
    private final int outFirst;
    private final int[] first;
    private final int[] count;
    private final int[] weights;

    /** The weights of every output sample of the axis. */
    AxisKernel(Interpolation filter, int inSize, int outSize) {
        this(filter, inSize, outSize, 0, outSize);
    }

    /**
     * The weights of output samples {@code outFirst .. outFirst + outCount - 1} of an axis resampled from
     * {@code inSize} to {@code outSize} samples.
     */
    AxisKernel(Interpolation filter, int inSize, int outSize, int outFirst, int outCount) {
        if (outFirst < 0 || outCount < 1 || outFirst > outSize - outCount) {
            throw new IllegalArgumentException("window " + outFirst + "+" + outCount + " is outside an axis of " + outSize + " samples");
        }
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        double taps = Math.ceil(support) * 2 + 1;
        if (taps * outCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampling " + inSize + " to " + outSize + " samples needs too many weights");
        }
        this.taps = (int) taps;
        this.outFirst = outFirst;
        this.first = new int[outCount];
        this.count = new int[outCount];
        this.weights = new int[outCount * this.taps];
        double inverseScale = 1.0 / filterScale;
        double[] kernel = new double[this.taps];
        for (int slot = 0; slot < outCount; slot++) {
            int out = outFirst + slot;
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
                weights[slot * this.taps + i] = (int) (normalised < 0 ? scaled - 0.5 : scaled + 0.5);
            }
            first[slot] = min;
            count[slot] = n;
        }
    }

    /** The first input sample output sample {@code out} reads. */
    int first(int out) {
        return first[out - outFirst];
    }

    /** How many consecutive input samples output sample {@code out} reads. */
    int count(int out) {
        return count[out - outFirst];
    }

    /** The fixed-point weight of the {@code tap}-th input sample of output sample {@code out}. */
    int weight(int out, int tap) {
        return weights[(out - outFirst) * taps + tap];
    }

    /** Where the weights of output sample {@code out} start in {@link #weights()}. */
    int weightOffset(int out) {
        return (out - outFirst) * taps;
    }

    /** Every weight kept, output sample by output sample (read, never written, by the resampler's inner loops). */
    int[] weights() {
        return weights;
    }

    /** Rounds a fixed-point sum (which started at one half) back to an 8-bit value, clamping to 0..255. */
    static int toByte(int sum) {
        int value = sum >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }

}
