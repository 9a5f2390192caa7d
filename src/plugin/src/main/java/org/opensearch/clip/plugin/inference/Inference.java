package org.opensearch.clip.plugin.inference;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageInput;
import org.opensearch.clip.encoder.decode.ImageLimits;

import java.util.List;

/** What a piece of work gets on an inference thread: one loaded model and the node's current limits. */
public record Inference(ClipEncoder encoder, ImageLimits imageLimits, int batchSize) {

    /** Turns an image field value (base64 or data URI) into the model's input, or fails for this image only. */
    public float[] pixels(String imageValue) throws ImageDecodeException {
        return encoder.preprocess(ImageInput.toBytes(imageValue, imageLimits), imageLimits);
    }

    /** Embeds preprocessed images in model batches. */
    public float[][] embedImages(List<float[]> pixels) {
        return encoder.encodeImages(pixels, batchSize);
    }

    /** Embeds texts in model batches. */
    public float[][] embedTexts(List<String> texts) {
        return encoder.encodeTexts(texts, batchSize);
    }

    /** The model's embedding dimension. */
    public int dimension() {
        return encoder.manifest().embeddingDim();
    }
}
