package org.opensearch.clip.encoder;

import ai.djl.Device;

import org.opensearch.clip.encoder.bundle.ImageConfig;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageDecoder;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.model.ClipModel;
import org.opensearch.clip.encoder.model.PixelBatch;
import org.opensearch.clip.encoder.preprocess.ClipPreprocessor;
import org.opensearch.clip.encoder.preprocess.Interpolation;
import org.opensearch.clip.encoder.preprocess.PreprocessConfig;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A loaded CLIP model bundle end to end: image bytes are decoded and preprocessed exactly as the bundle says, texts
 * tokenised with its tokenizer, and both encoded in batches into L2-normalised vectors of one shared space.
 */
public final class ClipEncoder implements AutoCloseable {
    private final ModelManifest manifest;
    private final ClipModel model;
    private final ClipTokenizer tokenizer;
    private final ClipPreprocessor preprocessor;

    private ClipEncoder(ModelManifest manifest, ClipModel model, ClipTokenizer tokenizer, ClipPreprocessor preprocessor) {
        this.manifest = manifest;
        this.model = model;
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
    }

    /** Loads a verified bundle's encoders on a device, and its tokenizer; the DJL runtime must have been started. */
    public static ClipEncoder load(ModelBundle bundle, Device device) {
        ModelManifest manifest = bundle.manifest();
        ClipModel model = ClipModel.load(bundle, device);
        try {
            ClipTokenizer tokenizer = ClipTokenizer.load(bundle.file(ModelManifest.TOKENIZER), manifest.text());
            return new ClipEncoder(manifest, model, tokenizer, new ClipPreprocessor(preprocessConfig(manifest.image())));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The preprocessing a manifest's image section asks for. */
    public static PreprocessConfig preprocessConfig(ImageConfig image) {
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = image.mean().get(c).floatValue();
            std[c] = image.std().get(c).floatValue();
        }
        return new PreprocessConfig(image.size(), image.resize(), Interpolation.fromName(image.interpolation()), mean, std);
    }

    /** The bundle's manifest. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The bundle's tokenizer (for inspecting texts; encoding goes through {@link #encodeTexts}). */
    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    /** Which TorchScript the encoders are and what loading did to it, for logs. */
    public String modelDescription() {
        return model.description();
    }

    /** The device the encoders run on. */
    public Device device() {
        return model.device();
    }

    /** The device as settings name it: {@code cpu} or {@code gpu:N}. */
    public String deviceName() {
        Device device = model.device();
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    /**
     * Decodes one encoded image within limits and preprocesses it into the image encoder's input; an image that
     * cannot be resized (an aspect ratio too extreme to represent) fails like an undecodable one.
     */
    public float[] preprocess(byte[] encodedImage, ImageLimits limits) throws ImageDecodeException {
        BufferedImage rgb = new ImageDecoder(limits).decode(encodedImage);
        try {
            return preprocessor.preprocess(rgb);
        } catch (IllegalArgumentException e) {
            throw new ImageDecodeException(e.getMessage(), e);
        }
    }

    /** The length of one preprocessed image: {@code 3 x size x size} floats. */
    public int pixelsPerImage() {
        int size = manifest.image().size();
        return 3 * size * size;
    }

    /** Encodes preprocessed images in batches of at most {@code batchSize}; one normalised row per image. */
    public float[][] encodeImages(List<float[]> pixels, int batchSize) {
        int size = manifest.image().size();
        int perImage = 3 * size * size;
        float[][] out = new float[pixels.size()][];
        for (int from = 0; from < pixels.size(); from += batchSize) {
            int count = Math.min(batchSize, pixels.size() - from);
            float[] data = new float[count * perImage];
            for (int i = 0; i < count; i++) {
                System.arraycopy(pixels.get(from + i), 0, data, i * perImage, perImage);
            }
            float[][] rows = model.encodeImages(new PixelBatch(data, count, size));
            System.arraycopy(rows, 0, out, from, count);
        }
        return out;
    }

    /** Tokenises and encodes texts in batches of at most {@code batchSize}; one normalised row per text. */
    public float[][] encodeTexts(List<String> texts, int batchSize) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + batchSize));
            float[][] rows = model.encodeTexts(tokenizer.tokenize(chunk));
            System.arraycopy(rows, 0, out, from, rows.length);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            model.close();
        }
    }
}
