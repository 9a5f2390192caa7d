package org.opensearch.clip.encoder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensearch.clip.encoder.ParityFixture.ImageCase;
import org.opensearch.clip.encoder.ParityFixture.TextCase;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole Java path (decode, preprocess, tokenise, TorchScript through DJL) gives the embeddings the same
 * TorchScript encoders gave in Python on the reference inputs.
 */
class ClipEncoderParityTest {
    /** The requirement for embeddings. */
    private static final double MIN_COSINE = 0.999;

    private static ClipEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = TinyClip.encoder();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static List<ImageCase> imageCases() {
        return ParityFixture.imageCases().stream().filter(c -> c.embedding() != null).toList();
    }

    static List<TextCase> textCases() {
        return ParityFixture.textCases();
    }

    @Test
    void everyModelSizedCaseHasAReferenceEmbedding() {
        List<ImageCase> withEmbedding = imageCases();
        assertFalse(withEmbedding.isEmpty());
        for (ImageCase c : withEmbedding) {
            assertEquals(encoder.manifest().image().size(), c.size(), c.toString());
            assertEquals(encoder.manifest().embeddingDim(), c.embedding().length, c.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void imageBytesEmbedLikeThePythonReference(ImageCase reference) throws ImageDecodeException {
        float[] pixels = encoder.preprocess(TestFiles.bytes(reference.image()), ImageLimits.DEFAULT);
        float[] embedding = encoder.encodeImages(List.of(pixels), 1)[0];
        double cosine = ParityFixture.cosine(embedding, reference.embedding());
        System.out.printf("parity %-40s cosine(java, python) = %.9f (1 - cos = %.1e)%n", reference, cosine, 1 - cosine);
        assertTrue(cosine >= MIN_COSINE, reference + ": cosine with the Python embedding is " + cosine + ", under " + MIN_COSINE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void theReferenceTensorEmbedsLikeThePythonReference(ImageCase reference) {
        // isolates the model path from preprocessing: the very same input tensor in both languages
        float[] embedding = encoder.encodeImages(List.of(reference.tensor()), 1)[0];
        double cosine = ParityFixture.cosine(embedding, reference.embedding());
        assertTrue(cosine >= MIN_COSINE, reference + ": cosine with the Python embedding is " + cosine + ", under " + MIN_COSINE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textCases")
    void textsEmbedLikeThePythonReference(TextCase reference) {
        float[] embedding = encoder.encodeTexts(List.of(reference.text()), 1)[0];
        double cosine = ParityFixture.cosine(embedding, reference.embedding());
        System.out.printf("parity text %-36s cosine(java, python) = %.9f (1 - cos = %.1e)%n", reference, cosine, 1 - cosine);
        assertTrue(cosine >= MIN_COSINE, reference + ": cosine with the Python embedding is " + cosine + ", under " + MIN_COSINE);
    }

    @Test
    void differentImagesAreNotAllTheSameVector() {
        // guards the cosine assertions above against a degenerate model that maps everything to one direction
        List<ImageCase> cases = imageCases();
        double cosine = ParityFixture.cosine(cases.get(0).embedding(), cases.get(cases.size() - 1).embedding());
        assertTrue(cosine < MIN_COSINE, "two different reference images have cosine " + cosine);
    }
}
