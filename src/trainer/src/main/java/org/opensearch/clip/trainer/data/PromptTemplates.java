package org.opensearch.clip.trainer.data;

import java.util.List;

/** The prompt template sets the dataset readers use; {@code {}} stands for the caption or class name. */
public final class PromptTemplates {
    /** Captions that are already sentences are used as they are. */
    public static final List<String> VERBATIM = List.of("{}");

    /** Class names become photo descriptions; the first is the one recall evaluation uses. */
    public static final List<String> PHOTO = List.of(
        "a photo of a {}.",
        "a picture of a {}.",
        "a close-up photo of a {}.",
        "a photo of the {}.",
        "a bright photo of a {}.",
        "a dark photo of a {}.",
        "a photo of a small {}.",
        "a photo of a large {}."
    );

    /** Emoji names and short names become emoji descriptions; the first is the bare name. */
    public static final List<String> EMOJI = List.of("{}", "{} emoji", "an emoji of {}", "a {} icon", "{} symbol");

    private PromptTemplates() {}
}
