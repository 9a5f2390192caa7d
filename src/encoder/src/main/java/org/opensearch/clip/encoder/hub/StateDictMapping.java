package org.opensearch.clip.encoder.hub;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a checkpoint's state dict, in transformers' or OpenCLIP's names, onto the weight lists the weight programs
 * take (src/tools/make_hub_programs.py: VISION_WEIGHTS, TEXT_WEIGHTS): per-layer tensors stacked, transformers'
 * separate q/k/v projections joined into one in-projection, OpenCLIP's {@code x @ proj} matrices transposed into
 * linear weights. Every tensor's shape is checked against the configuration, and a tensor neither used nor known to be
 * unneeded is refused, so that a checkpoint of another architecture cannot load as a wrong model.
 */
final class StateDictMapping {
    private final CheckpointFile file;
    private final ClipArchitecture arch;
    private final NDManager manager;
    private final Set<String> used = new LinkedHashSet<>();

    private StateDictMapping(CheckpointFile file, ClipArchitecture arch, NDManager manager) {
        this.file = file;
        this.arch = arch;
        this.manager = manager;
    }

    /** The two towers' weight lists and the checkpoint's logit scale ({@code exp} applied, at most 100). */
    record Weights(NDList vision, NDList text, double logitScale) {}

    /** Reads and maps every tensor of {@code file}; arrays are float32 and owned by {@code manager}. */
    static Weights map(CheckpointFile file, ClipArchitecture arch, NDManager manager) throws HubCheckpointException {
        StateDictMapping m = new StateDictMapping(file, arch, manager);
        try {
            Weights w = arch.layout() == ClipArchitecture.Layout.TRANSFORMERS ? m.transformers() : m.openClip();
            m.checkAllUsed();
            return w;
        } catch (IOException e) {
            throw new HubCheckpointException(file.fileName() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Weights transformers() throws IOException, HubCheckpointException {
        ClipArchitecture.Tower v = arch.vision();
        ClipArchitecture.Tower t = arch.text();
        int d = arch.embeddingDim();
        NDList vision = new NDList();
        vision.add(take("vision_model.embeddings.patch_embedding.weight", v.width(), 3, v.patchSize(), v.patchSize()));
        vision.add(take("vision_model.embeddings.class_embedding", v.width()));
        vision.add(take("vision_model.embeddings.position_embedding.weight", v.positions(), v.width()));
        vision.add(take("vision_model.pre_layrnorm.weight", v.width()));
        vision.add(take("vision_model.pre_layrnorm.bias", v.width()));
        vision.addAll(hfLayers("vision_model.encoder.layers.", v));
        vision.add(take("vision_model.post_layernorm.weight", v.width()));
        vision.add(take("vision_model.post_layernorm.bias", v.width()));
        vision.add(take("visual_projection.weight", d, v.width()));
        vision.add(cfg(v));
        NDList text = new NDList();
        text.add(take("text_model.embeddings.token_embedding.weight", t.vocabSize(), t.width()));
        text.add(take("text_model.embeddings.position_embedding.weight", t.contextLength(), t.width()));
        text.addAll(hfLayers("text_model.encoder.layers.", t));
        text.add(take("text_model.final_layer_norm.weight", t.width()));
        text.add(take("text_model.final_layer_norm.bias", t.width()));
        text.add(take("text_projection.weight", d, t.width()));
        text.add(cfg(t));
        return new Weights(vision, text, logitScale());
    }

    private NDList hfLayers(String prefix, ClipArchitecture.Tower tower) throws IOException, HubCheckpointException {
        int w = tower.width();
        int f = tower.mlpWidth();
        List<List<NDArray>> stacks = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            stacks.add(new ArrayList<>());
        }
        for (int i = 0; i < tower.layers(); i++) {
            String p = prefix + i + ".";
            stacks.get(0).add(NDArrays.concat(new NDList(take(p + "self_attn.q_proj.weight", w, w), take(p + "self_attn.k_proj.weight", w, w),
                take(p + "self_attn.v_proj.weight", w, w)), 0));
            stacks.get(1).add(NDArrays.concat(new NDList(take(p + "self_attn.q_proj.bias", w), take(p + "self_attn.k_proj.bias", w),
                take(p + "self_attn.v_proj.bias", w)), 0));
            stacks.get(2).add(take(p + "self_attn.out_proj.weight", w, w));
            stacks.get(3).add(take(p + "self_attn.out_proj.bias", w));
            stacks.get(4).add(take(p + "layer_norm1.weight", w));
            stacks.get(5).add(take(p + "layer_norm1.bias", w));
            stacks.get(6).add(take(p + "layer_norm2.weight", w));
            stacks.get(7).add(take(p + "layer_norm2.bias", w));
            stacks.get(8).add(take(p + "mlp.fc1.weight", f, w));
            stacks.get(9).add(take(p + "mlp.fc1.bias", f));
            stacks.get(10).add(take(p + "mlp.fc2.weight", w, f));
            stacks.get(11).add(take(p + "mlp.fc2.bias", w));
        }
        return stack(stacks);
    }

    private Weights openClip() throws IOException, HubCheckpointException {
        ClipArchitecture.Tower v = arch.vision();
        ClipArchitecture.Tower t = arch.text();
        int d = arch.embeddingDim();
        NDList vision = new NDList();
        vision.add(take("visual.conv1.weight", v.width(), 3, v.patchSize(), v.patchSize()));
        vision.add(take("visual.class_embedding", v.width()));
        vision.add(take("visual.positional_embedding", v.positions(), v.width()));
        vision.add(take("visual.ln_pre.weight", v.width()));
        vision.add(take("visual.ln_pre.bias", v.width()));
        vision.addAll(openClipLayers("visual.transformer.resblocks.", v));
        vision.add(take("visual.ln_post.weight", v.width()));
        vision.add(take("visual.ln_post.bias", v.width()));
        vision.add(take("visual.proj", v.width(), d).transpose().duplicate());
        vision.add(cfg(v));
        NDList text = new NDList();
        text.add(take("token_embedding.weight", t.vocabSize(), t.width()));
        text.add(take("positional_embedding", t.contextLength(), t.width()));
        text.addAll(openClipLayers("transformer.resblocks.", t));
        text.add(take("ln_final.weight", t.width()));
        text.add(take("ln_final.bias", t.width()));
        if (file.tensors().containsKey("text_projection.weight")) {
            text.add(take("text_projection.weight", d, t.width()));
        } else {
            text.add(take("text_projection", t.width(), d).transpose().duplicate());
        }
        text.add(cfg(t));
        return new Weights(vision, text, logitScale());
    }

    private NDList openClipLayers(String prefix, ClipArchitecture.Tower tower) throws IOException, HubCheckpointException {
        int w = tower.width();
        int f = tower.mlpWidth();
        String[][] names = {
            { "attn.in_proj_weight" }, { "attn.in_proj_bias" }, { "attn.out_proj.weight" }, { "attn.out_proj.bias" }, { "ln_1.weight" },
            { "ln_1.bias" }, { "ln_2.weight" }, { "ln_2.bias" }, { "mlp.c_fc.weight" }, { "mlp.c_fc.bias" }, { "mlp.c_proj.weight" },
            { "mlp.c_proj.bias" } };
        long[][] shapes = { { 3L * w, w }, { 3L * w }, { w, w }, { w }, { w }, { w }, { w }, { w }, { f, w }, { f }, { w, f }, { w } };
        List<List<NDArray>> stacks = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            List<NDArray> layers = new ArrayList<>();
            for (int i = 0; i < tower.layers(); i++) {
                layers.add(take(prefix + i + "." + names[k][0], shapes[k]));
            }
            stacks.add(layers);
        }
        return stack(stacks);
    }

    private NDList stack(List<List<NDArray>> stacks) {
        NDList result = new NDList();
        for (List<NDArray> layers : stacks) {
            NDList parts = new NDList(layers);
            result.add(NDArrays.stack(parts, 0));
            parts.close(); // the per-layer copies: native memory stays about one copy of the checkpoint
        }
        return result;
    }

    private NDArray cfg(ClipArchitecture.Tower tower) {
        long eos = tower.patchSize() > 0 ? -1 : arch.eosTokenId();
        return manager.create(new double[] { tower.heads(), arch.layerNormEps(), arch.quickGelu() ? 1 : 0, eos });
    }

    private double logitScale() throws IOException {
        String name = "logit_scale";
        TensorEntry e = file.tensors().get(name);
        if (e == null || e.elements() != 1 || !e.type().floating()) {
            return 100.0;
        }
        used.add(name);
        NDArray a = array(e);
        double scale = Math.exp(a.getFloat());
        return Double.isFinite(scale) && scale > 0 ? Math.min(scale, 100.0) : 100.0;
    }

    private NDArray take(String name, long... expected) throws IOException, HubCheckpointException {
        TensorEntry e = file.tensors().get(name);
        if (e == null) {
            throw new HubCheckpointException(file.fileName() + ": tensor [" + name + "] is missing (the configuration describes a "
                + arch.layout().name().toLowerCase(java.util.Locale.ROOT) + " CLIP with " + arch.vision().layers() + " image and "
                + arch.text().layers() + " text layers)");
        }
        if (!java.util.Arrays.equals(e.shape(), expected)) {
            throw new HubCheckpointException(file.fileName() + ": tensor [" + name + "] has shape " + e.shapeText() + " but the configuration"
                + " makes it " + java.util.Arrays.toString(expected));
        }
        if (!e.type().floating()) {
            throw new HubCheckpointException(file.fileName() + ": tensor [" + name + "] is " + e.type() + ", not floating point");
        }
        used.add(name);
        return array(e);
    }

    private NDArray array(TensorEntry e) throws IOException {
        NDArray raw = manager.create(file.read(e), new Shape(e.shape()), e.type().djl());
        return e.type() == TensorType.F32 ? raw : raw.toType(DataType.FLOAT32, false);
    }

    private void checkAllUsed() throws HubCheckpointException {
        Set<String> unknown = new TreeSet<>();
        for (String name : file.tensors().keySet()) {
            if (!used.contains(name) && !unneeded(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> shown = unknown.stream().limit(8).toList();
            throw new HubCheckpointException(file.fileName() + ": " + unknown.size() + " tensors are not part of the CLIP architecture its "
                + "configuration describes (a different model, or a variant this reader does not run): " + shown
                + (unknown.size() > shown.size() ? " ..." : ""));
        }
    }

    /** Buffers and training leftovers that do not change the embeddings (and OpenAI archives' integer buffers of its shape). */
    private static boolean unneeded(String name) {
        return name.endsWith("position_ids") || name.equals("attn_mask") || name.endsWith(".attn_mask") || name.equals("logit_scale")
            || name.equals("input_resolution") || name.equals("context_length") || name.equals("vocab_size");
    }
}
