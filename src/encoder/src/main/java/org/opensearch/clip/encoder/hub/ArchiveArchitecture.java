package org.opensearch.clip.encoder.hub;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architecture of a CLIP in OpenAI's layout derived from its tensors' shapes, as OpenAI's {@code build_model}
 * derives it from a state dict: widths from {@code visual.conv1.weight} and {@code ln_final.weight}, the patch from
 * conv1's kernel, the image size from the positional embedding's grid, layers by counting resblocks, heads as width
 * over the head width (64 in every OpenAI release), the embedding dimension from {@code text_projection}, the context
 * and vocabulary from the text embeddings; QuickGELU and argmax pooling. Only ViT image towers: a ResNet one
 * ({@code visual.layer1}...) is refused.
 */
final class ArchiveArchitecture {
    /** OpenAI's head width: {@code build_model}'s {@code vision_heads = vision_width // 64}. */
    static final int OPENAI_HEAD_WIDTH = 64;

    private static final Pattern RESBLOCK = Pattern.compile("(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.attn\\.in_proj_weight");

    private ArchiveArchitecture() {}

    /**
     * The architecture of {@code tensors} (named as {@code state_dict()} names them).
     *
     * @param headWidth the width of one attention head, which the weights' shapes do not tell
     */
    static ClipArchitecture of(Map<String, TensorEntry> tensors, String file, int headWidth) throws HubCheckpointException {
        if (tensors.keySet().stream().anyMatch(n -> n.startsWith("visual.layer1."))) {
            throw new HubCheckpointException(file + ": a ResNet image tower (visual.layer1 ...: RN50, RN101, RN50x4 ...) is not supported;"
                + " only ViT archives (ViT-B/32, ViT-B/16, ViT-L/14 ...) take a precision");
        }
        long[] conv1 = shape(tensors, file, "visual.conv1.weight", 4);
        long[] visualPositions = shape(tensors, file, "visual.positional_embedding", 2);
        long[] projection = shape(tensors, file, "text_projection", 2);
        long[] positions = shape(tensors, file, "positional_embedding", 2);
        long[] tokens = shape(tensors, file, "token_embedding.weight", 2);
        int visionWidth = (int) conv1[0];
        int patch = (int) conv1[3];
        int grid = (int) Math.round(Math.sqrt(visualPositions[0] - 1));
        if (grid * grid + 1 != visualPositions[0] || conv1[2] != conv1[3]) {
            throw new HubCheckpointException(file + ": visual.positional_embedding " + java.util.Arrays.toString(visualPositions)
                + " with conv1 " + java.util.Arrays.toString(conv1) + " is not a square grid of square patches plus a class token");
        }
        int textWidth = (int) shape(tensors, file, "ln_final.weight", 1)[0];
        int[] layers = layers(tensors);
        if (layers[0] == 0 || layers[1] == 0) {
            throw new HubCheckpointException(file + ": no " + (layers[0] == 0 ? "visual." : "") + "transformer.resblocks.0.attn.in_proj_weight:"
                + " not a CLIP archive in OpenAI's layout");
        }
        ClipArchitecture.Tower vision = new ClipArchitecture.Tower(visionWidth, layers[0], heads(file, "image", visionWidth, headWidth),
            mlpWidth(tensors, "visual.transformer.resblocks.0.mlp.c_fc.weight", visionWidth), patch, patch * grid, 0, 0);
        ClipArchitecture.Tower text = new ClipArchitecture.Tower(textWidth, layers[1], heads(file, "text", textWidth, headWidth),
            mlpWidth(tensors, "transformer.resblocks.0.mlp.c_fc.weight", textWidth), 0, 0, (int) positions[0], (int) tokens[0]);
        return new ClipArchitecture(ClipArchitecture.Layout.OPEN_CLIP, vision, text, (int) projection[1], true, 1e-5, -1);
    }

    private static long[] shape(Map<String, TensorEntry> tensors, String file, String name, int rank) throws HubCheckpointException {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw new HubCheckpointException(file + ": tensor [" + name + "] is missing: not a CLIP archive in OpenAI's layout");
        }
        if (e.shape().length != rank) {
            throw new HubCheckpointException(file + ": tensor [" + name + "] has shape " + e.shapeText() + ", not of rank " + rank);
        }
        return e.shape();
    }

    /** The image and text towers' resblock counts. */
    private static int[] layers(Map<String, TensorEntry> tensors) {
        int[] count = new int[2];
        for (String name : tensors.keySet()) {
            Matcher m = RESBLOCK.matcher(name);
            if (m.matches()) {
                int tower = m.group(1) != null ? 0 : 1;
                count[tower] = Math.max(count[tower], Integer.parseInt(m.group(2)) + 1);
            }
        }
        return count;
    }

    private static int heads(String file, String tower, int width, int headWidth) throws HubCheckpointException {
        if (headWidth <= 0 || width % headWidth != 0) {
            throw new HubCheckpointException(file + ": the " + tower + " tower's width " + width + " is not a multiple of the head width "
                + headWidth);
        }
        return width / headWidth;
    }

    /** The MLP's hidden width from the first block's c_fc (OpenAI's is 4 times the width); the mapping checks every block. */
    private static int mlpWidth(Map<String, TensorEntry> tensors, String name, int width) {
        TensorEntry e = tensors.get(name);
        return e != null && e.shape().length == 2 ? (int) e.shape()[0] : 4 * width;
    }
}
