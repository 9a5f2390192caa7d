package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.tokenize.TokenBatch;


/** The two TorchScript encoders of a bundle, loaded on one device; turns pixel and token batches into embeddings. */
public final class ClipModel implements AutoCloseable {
    private final ZooModel<NDList, NDList> imageEncoder;
    private final ZooModel<NDList, NDList> textEncoder;
    private final ImageTranslator imageTranslator;
    private final TextTranslator textTranslator;
    private final Device device;

    private ClipModel(ZooModel<NDList, NDList> image, ZooModel<NDList, NDList> text, ModelManifest manifest, Device device) {
        this.imageEncoder = image;
        this.textEncoder = text;
        this.imageTranslator = new ImageTranslator(manifest.embeddingDim());
        this.textTranslator = new TextTranslator(manifest.embeddingDim(), manifest.text().attentionMask());
        this.device = device;
    }

    /** Loads both encoders of a verified bundle on a device; the DJL runtime must have been started. */
    public static ClipModel load(ModelBundle bundle, Device device) {
        ZooModel<NDList, NDList> image = loadEncoder(bundle, ModelManifest.IMAGE_ENCODER, device);
        try {
            ZooModel<NDList, NDList> text = loadEncoder(bundle, ModelManifest.TEXT_ENCODER, device);
            return new ClipModel(image, text, bundle.manifest(), device);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    private static ZooModel<NDList, NDList> loadEncoder(ModelBundle bundle, String file, Device device) {
        String modelName = file.substring(0, file.length() - ".pt".length());
        Criteria<NDList, NDList> criteria = Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine(DjlRuntime.ENGINE)
            .optModelPath(bundle.directory())
            .optModelName(modelName)
            .optDevice(device)
            .optOption("mapLocation", "true")
            .build();
        try {
            return DjlRuntime.withModuleClassLoader(criteria::loadModel);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BundleException(
                "model bundle " + bundle.source() + ": " + file + " is not a loadable TorchScript module: " + cause.getMessage(),
                e
            );
        }
    }

    /** The device both encoders run on. */
    public Device device() {
        return device;
    }

    /** Encodes a batch of preprocessed images into L2-normalised embeddings, one row per image. */
    public float[][] encodeImages(PixelBatch pixels) {
        try (Predictor<PixelBatch, float[][]> predictor = imageEncoder.newPredictor(imageTranslator)) {
            return predictor.predict(pixels);
        } catch (TranslateException e) {
            throw new IllegalStateException("image encoder failed: " + e.getMessage(), e);
        }
    }

    /** Encodes a batch of tokenised texts into L2-normalised embeddings, one row per text. */
    public float[][] encodeTexts(TokenBatch tokens) {
        try (Predictor<TokenBatch, float[][]> predictor = textEncoder.newPredictor(textTranslator)) {
            return predictor.predict(tokens);
        } catch (TranslateException e) {
            throw new IllegalStateException("text encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            imageEncoder.close();
        } finally {
            textEncoder.close();
        }
    }
}
