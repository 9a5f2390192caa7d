package org.opensearch.clip.trainer.ivf;

import com.google.gson.JsonElement;
import org.opensearch.clip.encoder.ivf.KMeans;
import org.opensearch.clip.encoder.ivf.KMeansOptions;
import org.opensearch.clip.encoder.ivf.KMeansResult;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.encoder.ivf.TrainingMonitor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trainer's {@code ivf} command: k-means (k-means++ seeding, bounded iterations) on a random sample of the
 * vectors of a file or of an index, the same algorithm the node's train API runs; writes the model as the upload body
 * and/or uploads it as the next version of the model. {@link #run} is the entry point for the trainer CLI;
 * {@link #main} runs it alone.
 */
public final class IvfMain {
    /** One line for the trainer's command list. */
    public static final String SUMMARY = "train IVF centroids (k-means) from an embeddings file or an index, write or upload them";
    /** The options, one per line. */
    public static final String USAGE = IvfOptions.USAGE;

    private IvfMain() {}

    /** Runs the command alone and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command with {@code args} (the options after {@code ivf}); returns the exit status: 0, 1 failed, 2 usage. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        IvfOptions options;
        try {
            options = IvfOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ivf: " + e.getMessage());
            err.print("options:\n" + USAGE);
            return 2;
        }
        try {
            train(options, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("ivf failed: " + e.getMessage());
            return 1;
        }
    }

    private static void train(IvfOptions options, PrintStream out) throws IOException {
        VectorSource source;
        SpaceType space;
        if (options.input() != null) {
            String file = options.input().getFileName().toString().toLowerCase(Locale.ROOT);
            source = file.endsWith(".npy") ? new NpyVectors(options.input())
                : file.endsWith(".fvecs") ? new FvecsVectors(options.input())
                : new JsonLinesVectors(options.input(), options.field());
            space = options.space() == null ? SpaceType.COSINE : options.space();
        } else {
            IndexVectors index = new IndexVectors(new OpenSearchHttp(options.node()), options.index(), options.field());
            space = index.space();
            source = index;
        }
        // a first pass counts the vectors when nlist (and so the default sample size) depends on the count
        long count = options.nlist() != null && options.sampleSize() != null ? -1 : count(source);
        int nlist = options.nlist() != null ? options.nlist() : (int) Math.max(1, Math.min(65_536, Math.round(Math.sqrt(count))));
        int sampleSize = options.sampleSize() != null ? options.sampleSize() : (int) Math.min(Integer.MAX_VALUE - 8, 256L * nlist);
        ReservoirSample sample = new ReservoirSample(sampleSize, options.seed());
        long started = System.nanoTime();
        source.forEach(sample);
        float[][] vectors = sample.vectors();
        out.printf(Locale.ROOT, "ivf: %s: %d vectors of dimension %d, sampled %d (%.1f s); %s, nlist %d%n", source.describe(), sample.seen(),
            vectors.length == 0 ? 0 : vectors[0].length, vectors.length, (System.nanoTime() - started) / 1e9, space.label(), nlist);
        if (vectors.length < nlist) {
            throw new IllegalArgumentException("nlist " + nlist + " needs at least as many vectors; the sample has " + vectors.length);
        }
        long clustering = System.nanoTime();
        KMeansResult result = new KMeans(space, new KMeansOptions(nlist, options.maxIterations(),
            options.tolerance(), options.seed())).train(vectors, new TrainingMonitor() {
                @Override
                public void iteration(int done, int max, double objective, int moved) {
                    out.printf(Locale.ROOT, "ivf: iteration %d/%d: mean similarity %.6f, %d vectors changed list%n", done, max, objective, moved);
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
        double seconds = (System.nanoTime() - clustering) / 1e9;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("source", "clip-trainer ivf");
        training.put("input", source.describe());
        training.put("vectors", sample.seen());
        training.put("nlist", nlist);
        training.put("sample_size", vectors.length);
        training.put("iterations", result.iterations());
        training.put("converged", result.converged());
        training.put("objective", result.objective());
        training.put("max_iterations", options.maxIterations());
        training.put("tolerance", options.tolerance());
        training.put("seed", options.seed());
        training.put("smallest_list", Arrays.stream(result.clusterSizes()).min().orElse(0));
        training.put("largest_list", Arrays.stream(result.clusterSizes()).max().orElse(0));
        training.put("clustering_ms", Math.round(seconds * 1000));
        out.printf(Locale.ROOT, "ivf: %d iterations in %.1f s (%s), lists of %d to %d training vectors%n", result.iterations(), seconds,
            result.converged() ? "converged" : "iteration bound reached", training.get("smallest_list"), training.get("largest_list"));
        String body = ModelBody.json(result.centroids(), options.description(), training);
        if (options.output() != null) {
            Files.writeString(options.output(), body);
            out.println("ivf: wrote " + options.output() + " (upload: curl -XPUT URL/_plugins/_clip/ivf/models/" + options.name()
                + " -H 'Content-Type: application/json' --data-binary @" + options.output() + ")");
        }
        if (options.upload() != null) {
            JsonElement stored = new OpenSearchHttp(options.upload()).send("PUT", "/_plugins/_clip/ivf/models/" + options.name(), body);
            out.println("ivf: uploaded as " + stored.getAsJsonObject().get("model").getAsString() + " to " + options.upload());
        }
    }

    private static long count(VectorSource source) throws IOException {
        long[] count = {0};
        source.forEach(vector -> count[0]++);
        return count[0];
    }
}
