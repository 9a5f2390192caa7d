package org.opensearch.clip.encoder.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which files of a Hugging Face Hub repository a bundle is built from: a transformers {@code CLIPModel} repo
 * ({@code config.json}, {@code preprocessor_config.json}, {@code tokenizer.json}, {@code model.safetensors} or
 * {@code pytorch_model.bin}) or an OpenCLIP repo ({@code open_clip_config.json}, {@code tokenizer.json},
 * {@code open_clip_model.safetensors} or {@code open_clip_pytorch_model.bin}); safetensors preferred.
 */
public final class HubLayout {
    /** transformers' model configuration. */
    public static final String CONFIG = "config.json";
    /** transformers' image processor configuration. */
    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    /** OpenCLIP's model and preprocessing configuration. */
    public static final String OPEN_CLIP_CONFIG = "open_clip_config.json";
    /** The Hugging Face tokenizers file. */
    public static final String TOKENIZER = "tokenizer.json";
    /** transformers' weights, safetensors. */
    public static final String SAFETENSORS = "model.safetensors";
    /** transformers' weights, PyTorch zip checkpoint. */
    public static final String PYTORCH_BIN = "pytorch_model.bin";
    /** OpenCLIP's weights, safetensors. */
    public static final String OPEN_CLIP_SAFETENSORS = "open_clip_model.safetensors";
    /** OpenCLIP's weights, PyTorch zip checkpoint. */
    public static final String OPEN_CLIP_BIN = "open_clip_pytorch_model.bin";

    private HubLayout() {}

    /**
     * The files to download from a repository whose file names are {@code repoFiles}: the configuration, one weights
     * file (safetensors preferred), {@code tokenizer.json} and, for transformers, {@code preprocessor_config.json}
     * when present. An OpenCLIP layout is chosen when the repo has {@code open_clip_config.json} and OpenCLIP weights.
     *
     * @throws HubCheckpointException when the files are not a CLIP checkpoint this code reads, naming what is missing
     */
    public static List<String> filesToFetch(Collection<String> repoFiles) throws HubCheckpointException {
        Set<String> files = Set.copyOf(repoFiles);
        List<String> chosen = new ArrayList<>();
        if (files.contains(OPEN_CLIP_CONFIG) && (files.contains(OPEN_CLIP_SAFETENSORS) || files.contains(OPEN_CLIP_BIN))) {
            chosen.add(OPEN_CLIP_CONFIG);
            chosen.add(files.contains(OPEN_CLIP_SAFETENSORS) ? OPEN_CLIP_SAFETENSORS : OPEN_CLIP_BIN);
        } else if (files.contains(CONFIG) && (files.contains(SAFETENSORS) || files.contains(PYTORCH_BIN))) {
            chosen.add(CONFIG);
            chosen.add(files.contains(SAFETENSORS) ? SAFETENSORS : PYTORCH_BIN);
            if (files.contains(PREPROCESSOR_CONFIG)) {
                chosen.add(PREPROCESSOR_CONFIG);
            }
        } else {
            throw new HubCheckpointException(
                "the repository is not a CLIP checkpoint this plugin reads: it needs " + CONFIG + " with " + SAFETENSORS + " or "
                    + PYTORCH_BIN + " (transformers CLIPModel), or " + OPEN_CLIP_CONFIG + " with " + OPEN_CLIP_SAFETENSORS + " or "
                    + OPEN_CLIP_BIN + " (OpenCLIP); it has " + new java.util.TreeSet<>(files)
            );
        }
        if (!files.contains(TOKENIZER)) {
            throw new HubCheckpointException("the repository has no " + TOKENIZER + " (the Hugging Face tokenizer the bundle needs)");
        }
        chosen.add(TOKENIZER);
        return List.copyOf(chosen);
    }

    /**
     * The files to try, in order, when the repository's listing is not available: every name {@link #filesToFetch}
     * may choose; a missing one (404) is skipped and the ones found are passed to {@link #filesToFetch}.
     */
    public static List<String> candidateFiles() {
        return List.of(
            CONFIG, PREPROCESSOR_CONFIG, OPEN_CLIP_CONFIG, TOKENIZER, SAFETENSORS, OPEN_CLIP_SAFETENSORS, PYTORCH_BIN, OPEN_CLIP_BIN
        );
    }
}
