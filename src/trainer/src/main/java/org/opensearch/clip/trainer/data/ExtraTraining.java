package org.opensearch.clip.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Examples from a second dataset that are only trained on (an icon corpus next to the emoji), with the concepts of
 * the held-out split kept out: a group is dropped whole when one of its pictures is a held-out picture or one of
 * its captions, training-only ones included, is a held-out example's caption (case and spacing aside), so that an
 * icon named {@code bike} cannot teach the held-out bicycle emoji.
 *
 * @param kept          the examples trained on
 * @param droppedGroups how many groups were kept out because they share a held-out concept
 */
public record ExtraTraining(List<Example> kept, int droppedGroups) {
    /** Copies the list. */
    public ExtraTraining {
        kept = List.copyOf(kept);
    }

    /** No extra examples. */
    public static ExtraTraining none() {
        return new ExtraTraining(List.of(), 0);
    }

    /** The examples of {@code extra} that share no picture and no caption with {@code heldOut}. */
    public static ExtraTraining of(Dataset extra, Dataset heldOut) {
        Set<String> heldOutCaptions = new HashSet<>();
        Set<Path> heldOutImages = new HashSet<>();
        for (Example example : heldOut.examples()) {
            heldOutImages.add(example.image().toAbsolutePath().normalize());
            for (String caption : example.captions()) {
                heldOutCaptions.add(normal(caption));
            }
        }
        Set<String> dropped = new HashSet<>();
        for (Example example : extra.examples()) {
            boolean shares = heldOutImages.contains(example.image().toAbsolutePath().normalize());
            for (String caption : example.allCaptions()) {
                shares |= heldOutCaptions.contains(normal(caption));
            }
            if (shares) {
                dropped.add(example.group());
            }
        }
        List<Example> kept = new ArrayList<>();
        for (Example example : extra.examples()) {
            if (!dropped.contains(example.group())) {
                kept.add(example);
            }
        }
        return new ExtraTraining(kept, dropped.size());
    }

    private static String normal(String caption) {
        return caption.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", " ").strip();
    }
}
