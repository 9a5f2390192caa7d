package org.opensearch.clip.trainer.input;

import org.opensearch.clip.trainer.data.Example;

/**
 * One image-caption pair of an epoch: the example, the prompt chosen for it this epoch and how its picture is
 * cropped and mirrored.
 *
 * @param example      the example whose image is used
 * @param prompt       one of its captions placed in one of the dataset's templates
 * @param augmentation the crop and mirror applied to the preprocessed picture ({@link Augmentation#NONE}: none)
 */
public record PlannedPair(Example example, String prompt, Augmentation augmentation) {
    /** A pair trained on as it is. */
    public PlannedPair(Example example, String prompt) {
        this(example, prompt, Augmentation.NONE);
    }
}
