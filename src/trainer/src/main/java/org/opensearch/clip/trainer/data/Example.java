package org.opensearch.clip.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One image of a dataset with the captions that describe it.
 *
 * @param image            the image file
 * @param captions         one or more captions; training picks one per epoch, evaluation queries with each
 * @param group            examples of one group match each other's captions (the same picture in two styles, one class)
 * @param splitKey         examples with one split key land on the same side of the held-out split
 * @param label            the class name for class-folder data, {@code null} otherwise
 * @param trainingCaptions more captions that training may pick (keywords such as {@code woof} for a dog) but that
 *                         evaluation never queries with, so that adding them leaves the measured task unchanged
 */
public record Example(Path image, List<String> captions, String group, String splitKey, String label, List<String> trainingCaptions) {
    /** Validates and copies the captions. */
    public Example {
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("example " + image + " has no caption");
        }
        captions = List.copyOf(captions);
        trainingCaptions = List.copyOf(trainingCaptions);
    }

    /** An example without training-only captions. */
    public Example(Path image, List<String> captions, String group, String splitKey, String label) {
        this(image, captions, group, splitKey, label, List.of());
    }

    /** Every caption training may pick: the captions, then the training-only ones. */
    public List<String> allCaptions() {
        if (trainingCaptions.isEmpty()) {
            return captions;
        }
        List<String> all = new ArrayList<>(captions);
        all.addAll(trainingCaptions);
        return all;
    }
}
