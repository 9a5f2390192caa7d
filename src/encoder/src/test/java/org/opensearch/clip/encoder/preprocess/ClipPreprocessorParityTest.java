package org.opensearch.clip.encoder.preprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensearch.clip.encoder.ParityFixture;
import org.opensearch.clip.encoder.ParityFixture.ImageCase;
import org.opensearch.clip.encoder.TestFiles;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageDecoder;
import org.opensearch.clip.encoder.decode.ImageLimits;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java decoding + CLIP preprocessing reproduce the Python reference (PIL {@code exif_transpose}, {@code convert("RGB")},
 * torchvision Resize(BICUBIC) / CenterCrop / ToTensor / Normalize) for every image of {@code parity/reference.json}.
 */
class ClipPreprocessorParityTest {
    /** The requirement: every element within 1e-2 of the reference, in normalised units. */
    private static final double TOLERANCE = 1e-2;

    static List<ImageCase> cases() {
        return ParityFixture.imageCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preprocessingMatchesThePythonReference(ImageCase reference) throws ImageDecodeException {
        ClipPreprocessor preprocessor = new ClipPreprocessor(
            new PreprocessConfig(reference.size(), reference.resize(), Interpolation.BICUBIC, reference.mean(), reference.std())
        );
        float[] actual = preprocessor.preprocess(new ImageDecoder(ImageLimits.DEFAULT).decode(TestFiles.bytes(reference.image())));

        assertEquals(3 * reference.size() * reference.size(), reference.tensor().length, "reference tensor length");
        assertEquals(reference.tensor().length, actual.length, "preprocessed length");
        double maxDiff = ParityFixture.maxAbsDiff(actual, reference.tensor());
        System.out.printf("parity %-40s max |java - python| = %.3e%n", reference, maxDiff);
        assertTrue(
            maxDiff <= TOLERANCE,
            reference + ": max per-element difference from the Python reference is " + maxDiff + ", over " + TOLERANCE
        );
    }

    @Test
    void theReferenceCoversTheHardCases() {
        Set<String> images = cases().stream().map(ImageCase::image).collect(Collectors.toSet());
        for (String required : List.of(
            "images/coffee-rotated-exif6.jpg", // EXIF orientation 6
            "images/rocket-alpha.png",         // RGBA
            "images/camera-grey.jpg",          // one-channel greyscale
            "images/hubble-deep-field.gif",    // palette; crop offset round(4.5) = 4
            "images/astronaut-rgb16.png"       // 16 bits per channel
        )) {
            assertTrue(images.contains(required), "parity/reference.json has no case for " + required);
        }
    }
}
