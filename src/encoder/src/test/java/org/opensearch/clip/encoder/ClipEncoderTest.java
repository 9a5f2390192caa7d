package org.opensearch.clip.encoder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.bundle.ImageConfig;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.preprocess.Interpolation;
import org.opensearch.clip.encoder.preprocess.PreprocessConfig;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link ClipEncoder} promises its callers: unit vectors of the manifest's dimension, independent of batching. */
class ClipEncoderTest {
    private static final List<String> IMAGES = List.of(
        "images/cat.jpg",
        "images/coffee.jpg",
        "images/astronaut.jpg",
        "images/rocket-alpha.png",
        "images/camera-grey.jpg"
    );
    private static final List<String> TEXTS = List.of("a photo of a cat", "a cup of coffee", "", "two rockets", "a man with a camera");

    private static ClipEncoder encoder;
    private static List<float[]> pixels;

    @BeforeAll
    static void load() throws ImageDecodeException {
        encoder = TinyClip.encoder();
        pixels = new ArrayList<>();
        for (String image : IMAGES) {
            pixels.add(encoder.preprocess(TestFiles.bytes(image), ImageLimits.DEFAULT));
        }
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void imageEmbeddingsAreUnitVectorsOfTheManifestDimension() {
        float[][] rows = encoder.encodeImages(pixels, 8);
        assertEquals(IMAGES.size(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(encoder.manifest().embeddingDim(), rows[i].length, IMAGES.get(i));
            assertEquals(1.0, norm(rows[i]), 1e-5, IMAGES.get(i));
        }
    }

    @Test
    void textEmbeddingsAreUnitVectorsOfTheManifestDimension() {
        float[][] rows = encoder.encodeTexts(TEXTS, 8);
        assertEquals(TEXTS.size(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(encoder.manifest().embeddingDim(), rows[i].length, TEXTS.get(i));
            assertEquals(1.0, norm(rows[i]), 1e-5, TEXTS.get(i));
        }
    }

    @Test
    void encodingImagesInBatchesEqualsEncodingEachAlone() {
        for (int batchSize : new int[] { 2, 3, IMAGES.size(), 64 }) {
            float[][] batched = encoder.encodeImages(pixels, batchSize);
            for (int i = 0; i < IMAGES.size(); i++) {
                float[] alone = encoder.encodeImages(List.of(pixels.get(i)), 1)[0];
                assertArrayEquals(alone, batched[i], 1e-5f, IMAGES.get(i) + " in batches of " + batchSize);
            }
        }
    }

    @Test
    void encodingTextsInBatchesEqualsEncodingEachAlone() {
        for (int batchSize : new int[] { 2, 3, TEXTS.size(), 64 }) {
            float[][] batched = encoder.encodeTexts(TEXTS, batchSize);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] alone = encoder.encodeTexts(List.of(TEXTS.get(i)), 1)[0];
                assertArrayEquals(alone, batched[i], 1e-5f, "[" + TEXTS.get(i) + "] in batches of " + batchSize);
            }
        }
    }

    @Test
    void differentInputsGiveDifferentEmbeddings() {
        float[][] images = encoder.encodeImages(pixels, 8);
        float[][] texts = encoder.encodeTexts(TEXTS, 8);
        assertTrue(ParityFixture.cosine(images[0], images[1]) < 0.9999, "cat and coffee embed alike");
        assertTrue(ParityFixture.cosine(texts[0], texts[1]) < 0.9999, "two captions embed alike");
    }

    @Test
    void nothingToEncodeGivesNoRows() {
        assertEquals(0, encoder.encodeImages(List.of(), 4).length);
        assertEquals(0, encoder.encodeTexts(List.of(), 4).length);
    }

    @Test
    void preprocessingFollowsTheManifest() throws ImageDecodeException {
        assertEquals(3 * 64 * 64, pixels.get(0).length);
        ImageConfig image = encoder.manifest().image();
        PreprocessConfig config = ClipEncoder.preprocessConfig(image);
        assertEquals(new PreprocessConfig(64, 64, Interpolation.BICUBIC,
            new float[] { 0.48145466f, 0.4578275f, 0.40821073f }, new float[] { 0.26862954f, 0.26130258f, 0.27577711f }), config);
    }

    @Test
    void preprocessingAppliesTheCallersLimits() {
        byte[] cat = TestFiles.bytes("images/cat.jpg");
        ImageDecodeException e = assertThrows(
            ImageDecodeException.class,
            () -> encoder.preprocess(cat, new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 1000))
        );
        assertTrue(e.getMessage().contains("clip.image.max_pixels"), e.getMessage());
    }

    @Test
    void theEncoderRunsOnTheCpuHere() {
        assertEquals("cpu", encoder.deviceName());
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
