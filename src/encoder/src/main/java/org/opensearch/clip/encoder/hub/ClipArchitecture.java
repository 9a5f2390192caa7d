package org.opensearch.clip.encoder.hub;

/**
 * The shape of a ViT CLIP model as its checkpoint's own configuration states it, in either layout's terms.
 *
 * @param layout which naming scheme the state dict uses
 * @param vision the image tower
 * @param text the text tower
 * @param embeddingDim the shared embedding space's dimension (transformers' {@code projection_dim}, OpenCLIP's {@code embed_dim})
 * @param quickGelu QuickGELU ({@code x * sigmoid(1.702 x)}) rather than GELU in both towers' MLPs
 * @param layerNormEps the layer norms' epsilon
 * @param eosTokenId the end-of-text token pooled by the text tower, or -1 for the position of the largest id
 */
public record ClipArchitecture(Layout layout, Tower vision, Tower text, int embeddingDim, boolean quickGelu, double layerNormEps,
    long eosTokenId) {

    /** The two naming schemes of published CLIP checkpoints. */
    public enum Layout {
        /** transformers' {@code CLIPModel}: {@code vision_model.encoder.layers.N.self_attn.q_proj.weight} ... */
        TRANSFORMERS,
        /** OpenCLIP and OpenAI: {@code visual.transformer.resblocks.N.attn.in_proj_weight} ... */
        OPEN_CLIP
    }

    /**
     * One transformer tower.
     *
     * @param patchSize the image tower's patch side (0 for text)
     * @param imageSize the image tower's input side (0 for text)
     * @param contextLength the text tower's positions (0 for images)
     * @param vocabSize the text tower's vocabulary (0 for images)
     */
    public record Tower(int width, int layers, int heads, int mlpWidth, int patchSize, int imageSize, int contextLength, int vocabSize) {
        /** The number of image patches plus the class token. */
        public int positions() {
            return patchSize > 0 ? (imageSize / patchSize) * (imageSize / patchSize) + 1 : contextLength;
        }
    }
}
