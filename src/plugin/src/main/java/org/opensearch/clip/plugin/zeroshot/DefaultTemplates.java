package org.opensearch.clip.plugin.zeroshot;

import java.util.List;

/** The prompt templates a classification uses when it names none ({@code {}} stands for the label). */
public final class DefaultTemplates {
    /** The single template, the first of the ensemble. */
    public static final String SINGLE = "a photo of a {}.";

    /**
     * The default ensemble: plain descriptions of a picture, of a drawing and of an icon, so that photographs,
     * illustrations and emoji-like pictures all have a prompt close to them. Each label's embedding is the
     * normalised mean of its prompts' normalised embeddings.
     */
    public static final List<String> ENSEMBLE = List.of(
        SINGLE,
        "a picture of a {}.",
        "an image showing a {}.",
        "a close-up of the {}.",
        "a drawing of a {}.",
        "an icon of a {}.",
        "{}"
    );

    private DefaultTemplates() {}
}
