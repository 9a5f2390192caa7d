package org.opensearch.clip.encoder.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import org.opensearch.clip.encoder.tokenize.TokenBatch;

/** Feeds a {@link TokenBatch} (and its mask when the model takes one) to a TorchScript text encoder. */
final class TextTranslator implements NoBatchifyTranslator<TokenBatch, float[][]> {
    private final int dimension;
    private final boolean withMask;
    private final String method;

    /** @param method the module method to call, or null for {@code forward} */
    TextTranslator(int dimension, boolean withMask, String method) {
        this.dimension = dimension;
        this.withMask = withMask;
        this.method = method;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, TokenBatch batch) {
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(batch.count(), batch.length());
        NDList input = new NDList(manager.create(batch.ids(), shape));
        if (withMask) {
            input.add(manager.create(batch.mask(), shape));
        }
        return ModuleMethod.select(input, manager, method);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList output) {
        return EmbeddingOutput.rows(output, dimension);
    }
}
