package org.opensearch.clip.trainer.cli;

import ai.djl.Device;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.HeldOutSplit;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.input.ImageLoader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/** {@code search}: ranks a dataset's images for text queries with a bundle, as the {@code clip} query would. */
final class SearchCommand implements Command {
    @Override
    public String name() {
        return "search";
    }

    @Override
    public String summary() {
        return "rank a dataset's images for text queries (e.g. \"pizza\") and print the top results";
    }

    @Override
    public String usage() {
        return """
              --model DIR|ZIP      the bundle to search with
              --query TEXT         a text query (repeat for several)
              --top N              results per query (default 10)
              --split S            all (default), held-out or train: which images to search
              --seed N, --val-fraction X   the split, as in train (defaults 42 and 0.1)
              --mark-held-out      mark results from the held-out split (for a model trained with that split)
              --workers N          image decoding threads (default: all cores)
            """ + DatasetOptions.USAGE + RuntimeOptions.USAGE;
    }

    @Override
    public Set<String> switches() {
        Set<String> all = new HashSet<>(DatasetOptions.SWITCHES);
        all.add("mark-held-out");
        return all;
    }

    @Override
    public Set<String> options() {
        Set<String> all = new HashSet<>(Set.of("model", "query", "top", "split", "seed", "val-fraction", "workers"));
        all.addAll(DatasetOptions.OPTIONS);
        all.addAll(RuntimeOptions.OPTIONS);
        return all;
    }

    @Override
    public int run(Arguments arguments, PrintStream out) throws Exception {
        List<String> queries = arguments.all("query");
        if (queries.isEmpty()) {
            throw new UsageException("give at least one --query");
        }
        int top = arguments.integer("top", 10);
        Device device = RuntimeOptions.start(arguments);
        ProblemLog problems = new ProblemLog();
        Dataset dataset = DatasetOptions.load(arguments, problems, out).dataset();
        String splitName = arguments.string("split", "all");
        HeldOutSplit split = HeldOutSplit.of(dataset, arguments.number("val-fraction", 0.1), arguments.longValue("seed", 42));
        Dataset searched = switch (splitName) {
            case "all" -> dataset;
            case "held-out" -> split.validation();
            case "train" -> split.train();
            default -> throw new UsageException("--split must be all, held-out or train, got [" + splitName + "]");
        };
        Set<String> heldOutKeys = new HashSet<>();
        split.validation().examples().forEach(e -> heldOutKeys.add(e.splitKey()));

        ModelBundle bundle = ModelBundle.open(Path.of(arguments.required("model")), RuntimeOptions.extractRoot());
        ImageLoader loader = new ImageLoader(ClipEncoder.preprocessConfig(bundle.manifest().image()), ImageLimits.DEFAULT);
        List<float[]> loaded = loader.loadAll(searched.examples(), arguments.integer("workers", Runtime.getRuntime().availableProcessors()), problems);
        List<Example> examples = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i) != null) {
                examples.add(searched.examples().get(i));
                pixels.add(loaded.get(i));
            }
        }
        try (ClipEncoder encoder = ClipEncoder.load(bundle, device)) {
            float[][] images = encoder.encodeImages(pixels, 64);
            float[][] texts = encoder.encodeTexts(queries, 64);
            for (int q = 0; q < queries.size(); q++) {
                float[] query = texts[q];
                List<Integer> ranked = IntStream.range(0, images.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -Vectors.dot(query, images[i])).thenComparing(i -> i))
                    .limit(top)
                    .toList();
                out.println("\"" + queries.get(q) + "\" (" + images.length + " images):");
                for (int r = 0; r < ranked.size(); r++) {
                    Example e = examples.get(ranked.get(r));
                    out.printf(Locale.ROOT, "  %2d. %.3f  %-40s %s%s%n", r + 1, Vectors.dot(query, images[ranked.get(r)]),
                        shortPath(e.image()), e.captions().get(0),
                        arguments.flag("mark-held-out") && heldOutKeys.contains(e.splitKey()) ? "  [held out]" : "");
                }
            }
        }
        return 0;
    }

    /** The file name with the folder that tells images apart: the set for emoji ({@code img/google/64/x.png}), else the parent. */
    private static String shortPath(Path image) {
        Path parent = image.getParent();
        if (parent != null && parent.getFileName().toString().equals("64") && parent.getParent() != null) {
            parent = parent.getParent();
        }
        return (parent == null ? "" : parent.getFileName() + "/") + image.getFileName();
    }
}
