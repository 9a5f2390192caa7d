package org.opensearch.clip.trainer.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExtraTrainingTest {
    private static Example emoji(String unified, String... captions) {
        return new Example(Path.of("emoji/" + unified + ".png"), List.of(captions), unified, unified, null);
    }

    private static Example icon(String file, String group, List<String> captions, List<String> trainingCaptions) {
        return new Example(Path.of("icons/" + file), captions, group, group, null, trainingCaptions);
    }

    private static Dataset dataset(Example... examples) {
        return new Dataset("test", List.of(examples), PromptTemplates.VERBATIM, List.of());
    }

    @Test
    void anIconSharingAHeldOutCaptionIsKeptOutWithAllItsStyles() {
        Dataset heldOut = dataset(emoji("1F6B2", "bicycle", "bike"));
        Dataset icons = dataset(
            icon("bike-outline.png", "tabler:bike", List.of("orange bike", "cycling"), List.of()),
            icon("bike-filled.png", "tabler:bike", List.of("Bike"), List.of()),
            icon("cat.png", "tabler:cat", List.of("cat", "kitten"), List.of()));

        ExtraTraining extra = ExtraTraining.of(icons, heldOut);

        assertEquals(List.of(Path.of("icons/cat.png")), extra.kept().stream().map(Example::image).toList());
        assertEquals(1, extra.droppedGroups());
    }

    @Test
    void trainingOnlyCaptionsAndSharedPicturesCountAsTheHeldOutConcept() {
        Dataset heldOut = dataset(emoji("1F327", "cloud with rain", "rain cloud"));
        Dataset extra = dataset(
            icon("storm.png", "mdi:storm", List.of("weather lightning"), List.of("rain_cloud")),
            new Example(Path.of("emoji/1F327.png"), List.of("drizzle"), "copy", "copy", null),
            icon("sun.png", "mdi:sun", List.of("sunny", "weather sunny"), List.of("cloud")));

        ExtraTraining kept = ExtraTraining.of(extra, heldOut);

        assertEquals(List.of("mdi:sun"), kept.kept().stream().map(Example::group).toList());
        assertEquals(2, kept.droppedGroups());
    }

    @Test
    void withNothingHeldOutEverythingIsKept() {
        Dataset icons = dataset(icon("a.png", "a", List.of("a"), List.of()), icon("b.png", "b", List.of("b"), List.of()));
        assertEquals(2, ExtraTraining.of(icons, dataset()).kept().size());
    }
}
