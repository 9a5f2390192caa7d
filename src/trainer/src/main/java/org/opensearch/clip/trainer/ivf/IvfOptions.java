package org.opensearch.clip.trainer.ivf;

import org.opensearch.clip.encoder.ivf.KMeansOptions;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The options of the {@code ivf} command; {@link #USAGE} lists them. Exactly one input: {@code --input FILE} or
 * {@code --index URL/INDEX}; at least one output: {@code --output FILE} or {@code --upload URL}.
 */
record IvfOptions(String name, Path input, URI node, String index, String field, Integer nlist, SpaceType space, Integer sampleSize,
    int maxIterations, double tolerance, long seed, Path output, URI upload, String description) {

    static final String USAGE = """
          --name NAME            model name (lowercase letters, digits, _ - .); required
          --input FILE           vectors: .npy (float32, vectors x dimension), .fvecs, or .jsonl (an array per line,
                                 or objects whose --field holds it)
          --index URL/INDEX      or: read the --field vectors of an index, e.g. http://localhost:9200/images
          --field FIELD          the knn_vector field (with --index, or for .jsonl objects)
          --nlist N              number of lists (default: sqrt of the vector count)
          --space-type TYPE      cosinesimil (default for files), innerproduct or l2; with --index the field's
          --sample-size N        vectors k-means trains on (default: 256 per list), drawn uniformly at random
          --max-iterations N     k-means iteration bound (default 25)
          --tolerance X          stop when the mean similarity improves by less than this fraction (default 1e-4)
          --seed N               seed of the sample and of the k-means++ seeding (default 42)
          --description TEXT     stored with the model
          --output FILE          write the model as the body of PUT _plugins/_clip/ivf/models/NAME
          --upload URL           upload it to a node, e.g. http://localhost:9200 (a new version of NAME)
        """;

    static IvfOptions parse(List<String> args) {
        String name = null;
        Path input = null;
        URI node = null;
        String index = null;
        String field = null;
        Integer nlist = null;
        SpaceType space = null;
        Integer sampleSize = null;
        int maxIterations = KMeansOptions.DEFAULT_MAX_ITERATIONS;
        double tolerance = KMeansOptions.DEFAULT_TOLERANCE;
        long seed = KMeansOptions.DEFAULT_SEED;
        Path output = null;
        URI upload = null;
        String description = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--name" -> name = value;
                case "--input" -> input = Path.of(value);
                case "--index" -> {
                    int slash = value.lastIndexOf('/');
                    if (!value.startsWith("http") || slash < value.indexOf("//") + 2) {
                        throw new IllegalArgumentException("--index must be URL/INDEX, e.g. http://localhost:9200/images, got " + value);
                    }
                    node = URI.create(value.substring(0, slash));
                    index = value.substring(slash + 1);
                }
                case "--field" -> field = value;
                case "--nlist" -> nlist = positive(option, value);
                case "--space-type" -> space = SpaceType.fromLabel(value);
                case "--sample-size" -> sampleSize = positive(option, value);
                case "--max-iterations" -> maxIterations = positive(option, value);
                case "--tolerance" -> tolerance = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--description" -> description = value;
                case "--output" -> output = Path.of(value);
                case "--upload" -> upload = URI.create(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("--name is required: 1 to 100 lowercase letters, digits, _, - or ., got " + name);
        }
        if ((input == null) == (index == null)) {
            throw new IllegalArgumentException("give exactly one of --input FILE and --index URL/INDEX");
        }
        if (index != null && field == null) {
            throw new IllegalArgumentException("--index needs --field, the knn_vector field to read");
        }
        if (index != null && space != null) {
            throw new IllegalArgumentException("--space-type comes from the field's mapping when reading an index");
        }
        if (output == null && upload == null) {
            throw new IllegalArgumentException("give --output FILE, --upload URL or both");
        }
        if (input != null) {
            String file = input.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!file.endsWith(".npy") && !file.endsWith(".fvecs") && !file.endsWith(".jsonl") && !file.endsWith(".json")) {
                throw new IllegalArgumentException("--input must be a .npy, .fvecs or .jsonl file, got " + input);
            }
        }
        new KMeansOptions(nlist == null ? 1 : nlist, maxIterations, tolerance, seed); // range checks, same messages as the node
        return new IvfOptions(name, input, node, index, field, nlist, space, sampleSize, maxIterations, tolerance, seed, output, upload,
            description);
    }

    private static int positive(String option, String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got " + value);
        }
        if (parsed < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return parsed;
    }
}
