package org.opensearch.clip.trainer.input;

import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageDecoder;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.preprocess.ClipPreprocessor;
import org.opensearch.clip.encoder.preprocess.PreprocessConfig;

import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.data.RowProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an image file and turns it into the image encoder's input with the encoder module's decoder and
 * preprocessor, exactly as the plugin does at ingest. Thread-safe.
 */
public final class ImageLoader {
    private final ImageDecoder decoder;
    private final ClipPreprocessor preprocessor;

    /** A loader for one bundle's preprocessing. */
    public ImageLoader(PreprocessConfig config, ImageLimits limits) {
        this.decoder = new ImageDecoder(limits);
        this.preprocessor = new ClipPreprocessor(config);
    }

    /** The preprocessing applied. */
    public PreprocessConfig config() {
        return preprocessor.config();
    }

    /** Decodes and preprocesses one image into {@code out} from {@code offset}. */
    public void load(Path file, float[] out, int offset) throws IOException, ImageDecodeException {
        preprocessor.preprocess(decoder.decode(Files.readAllBytes(file)), out, offset);
    }

    /** Decodes and preprocesses one image into a new array. */
    public float[] load(Path file) throws IOException, ImageDecodeException {
        float[] out = new float[preprocessor.config().outputLength()];
        load(file, out, 0);
        return out;
    }

    /**
     * Loads the images of {@code examples} on {@code workers} threads, in order; an image that cannot be decoded is
     * reported and its slot left {@code null}.
     */
    public List<float[]> loadAll(List<Example> examples, int workers, ProblemLog problems) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (Example example : examples) {
                futures.add(pool.submit(() -> {
                    try {
                        return load(example.image());
                    } catch (IOException | ImageDecodeException e) {
                        problems.add(new RowProblem(example.image().toString(), "image", "cannot be decoded: " + e.getMessage()));
                        return null;
                    }
                }));
            }
            List<float[]> out = new ArrayList<>();
            for (Future<float[]> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding images failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
