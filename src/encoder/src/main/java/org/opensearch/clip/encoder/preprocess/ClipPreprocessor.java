package org.opensearch.clip.encoder.preprocess;

import java.awt.image.BufferedImage;

/**
 * CLIP's image preprocessing, matching torchvision's {@code Resize(resize, BICUBIC)}, {@code CenterCrop(size)},
 * {@code ToTensor()} and {@code Normalize(mean, std)} on a PIL RGB image: the result is {@code 3 x size x size}
 * floats in CHW order (all red values row by row, then green, then blue). Thread-safe.
 */
public final class ClipPreprocessor {

    private final PreprocessConfig config;
    /** {@code (v / 255 - mean[c]) / std[c]} for every 8-bit value v of channel c, in float as torch computes it. */
    private final float[][] normalised = new float[3][256];

    /** Creates a preprocessor for {@code config}. */
    public ClipPreprocessor(PreprocessConfig config) {
        this.config = config;
        float[] mean = config.mean();
        float[] std = config.std();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                normalised[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** The configuration this preprocessor applies. */
    public PreprocessConfig config() {
        return config;
    }

    /** Preprocesses {@code rgb} (a {@code TYPE_INT_RGB} image) into a new array of {@link PreprocessConfig#outputLength()} floats. */
    public float[] preprocess(BufferedImage rgb) {
        float[] out = new float[config.outputLength()];
        preprocess(rgb, out, 0);
        return out;
    }

    /**
     * Preprocesses {@code rgb} (a {@code TYPE_INT_RGB} image) into {@code out} from {@code offset}, filling
     * {@link PreprocessConfig#outputLength()} floats, so a batch can be assembled without copies.
     */
    public void preprocess(BufferedImage rgb, float[] out, int offset) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expected a TYPE_INT_RGB image (as ImageDecoder returns), got image type " + rgb.getType());
        }
        int size = config.size();
        int plane = size * size;
        if (offset < 0 || out.length - offset < 3 * plane) {
            throw new IllegalArgumentException(
                "output needs " + 3 * plane + " floats from offset " + offset + " but the array has " + out.length
            );
        }
        ResizePlan plan = ResizePlan.of(rgb.getWidth(), rgb.getHeight(), config.resize(), size);
        int[] pixels = Resampler.resize(
            rgb,
            config.interpolation(),
            plan.width(),
            plan.height(),
            plan.cropLeft(),
            plan.cropTop(),
            size,
            size
        );
        float[] red = normalised[0];
        float[] green = normalised[1];
        float[] blue = normalised[2];
        for (int i = 0; i < plane; i++) {
            int pixel = pixels[i];
            out[offset + i] = red[(pixel >>> 16) & 0xff];
            out[offset + plane + i] = green[(pixel >>> 8) & 0xff];
            out[offset + 2 * plane + i] = blue[pixel & 0xff];
        }
    }
}
