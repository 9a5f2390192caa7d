package org.opensearch.clip.encoder.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Feeds a {@link PixelBatch} to a TorchScript image encoder and returns normalised embeddings. */
final class ImageTranslator implements NoBatchifyTranslator<PixelBatch, float[][]> {
    private final int dimension;
    private final String method;

    /** @param method the module method to call, or null for {@code forward} */
    ImageTranslator(int dimension, String method) {
        this.dimension = dimension;
        this.method = method;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, PixelBatch batch) {
        Shape shape = new Shape(batch.count(), 3, batch.size(), batch.size());
        NDList input = new NDList(ctx.getNDManager().create(batch.data(), shape));
        return ModuleMethod.select(input, ctx.getNDManager(), method);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList output) {
        return EmbeddingOutput.rows(output, dimension);
    }
}
