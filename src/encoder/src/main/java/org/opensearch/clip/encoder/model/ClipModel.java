package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.runtime.CpuFeatures;
import org.opensearch.clip.encoder.tokenize.TokenBatch;

import java.io.IOException;
import java.nio.file.Files;


/**
 * A bundle's image and text encoders loaded on one device (two TorchScript files, or one archive with
 * {@code encode_image} / {@code encode_text}); turns pixel and token batches into embeddings.
 */
public final class ClipModel implements AutoCloseable {
    private final Encoders encoders;
    private final ImageTranslator imageTranslator;
    private final TextTranslator textTranslator;
    private final Device device;

    private ClipModel(Encoders encoders, ModelManifest manifest, Device device) {
        this.encoders = encoders;
        this.imageTranslator = new ImageTranslator(manifest.embeddingDim(), encoders.imageMethod());
        this.textTranslator = new TextTranslator(manifest.embeddingDim(), manifest.text().attentionMask(), encoders.textMethod());
        this.device = device;
    }

    /**
     * Loads the encoders of a verified bundle on a device; the DJL runtime must have been started. An int8 bundle
     * (manifest {@code "hub": {"precision": "int8"}}) is refused on a CPU without int8 dot products
     * ({@link CpuFeatures#INT8_NEEDS_VNNI}), wherever it was built.
     */
    public static ClipModel load(ModelBundle bundle, Device device) {
        if (device.isGpu() == false && CpuFeatures.lacksInt8DotProduct() && "int8".equals(precision(bundle))) {
            throw new IllegalArgumentException("[" + bundle.manifest().name() + "]: " + CpuFeatures.INT8_NEEDS_VNNI);
        }
        return new ClipModel(Encoders.load(bundle, device), bundle.manifest(), device);
    }

    /** The precision a Hub-built bundle's manifest records ({@code hub.precision}), or null. */
    private static String precision(ModelBundle bundle) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(bundle.file(ModelManifest.FILE_NAME)));
            JsonElement hub = root.isJsonObject() ? root.getAsJsonObject().get("hub") : null;
            JsonElement precision = hub != null && hub.isJsonObject() ? hub.getAsJsonObject().get("precision") : null;
            return precision != null && precision.isJsonPrimitive() ? precision.getAsString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The device both encoders run on. */
    public Device device() {
        return device;
    }

    /** Which TorchScript the encoders are and what loading did to it (e.g. an archive rewritten for the CPU). */
    public String description() {
        return encoders.description();
    }

    /** Encodes a batch of preprocessed images into L2-normalised embeddings, one row per image. */
    public float[][] encodeImages(PixelBatch pixels) {
        try (Predictor<PixelBatch, float[][]> predictor = encoders.image().newPredictor(imageTranslator)) {
            return predictor.predict(pixels);
        } catch (TranslateException e) {
            throw new IllegalStateException("image encoder failed: " + e.getMessage(), e);
        }
    }

    /** Encodes a batch of tokenised texts into L2-normalised embeddings, one row per text. */
    public float[][] encodeTexts(TokenBatch tokens) {
        try (Predictor<TokenBatch, float[][]> predictor = encoders.text().newPredictor(textTranslator)) {
            return predictor.predict(tokens);
        } catch (TranslateException e) {
            throw new IllegalStateException("text encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        encoders.close();
    }
}
