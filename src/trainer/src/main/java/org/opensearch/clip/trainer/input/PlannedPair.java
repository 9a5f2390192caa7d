package org.opensearch.clip.trainer.input;

import org.opensearch.clip.trainer.data.Example;

/**
 * One image-caption pair of an epoch: the example and the prompt chosen for it this epoch.
 *
 * @param example the example whose image is used
 * @param prompt  one of its captions placed in one of the dataset's templates
 */
public record PlannedPair(Example example, String prompt) {}
