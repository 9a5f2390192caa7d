package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testdata.ClusteredVectors;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The k-NN methods benchmark behind {@code src/tools/bench-knn.sh}: starts a real node (or uses {@code --url}),
 * indexes N vectors of the default model's dimension per data set (clustered synthetic vectors; real embeddings of the
 * sample images), and prints per method and parameter recall@10 against exact search, p50/p99 latency, the share of
 * documents scored, index size and indexing time, all measured in this one run.
 */
public final class KnnBenchmark {
    private KnnBenchmark() {}

    /** Runs the benchmark; see {@link BenchmarkOptions} for the arguments. */
    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        ClipCluster cluster = null;
        RestClient client;
        if (options.url() == null) {
            System.out.println("[bench] starting a node with opensearch-knn and opensearch-clip (heap " + options.heap() + ") ...");
            cluster = ClipCluster.start("knn-bench", new ClipCluster.Options(1, options.heap(), null));
            client = cluster.client();
        } else {
            URI url = URI.create(options.url());
            client = new RestClient(url.getHost(), url.getPort());
        }
        try {
            int dimension = ClipIndexes.dimension(client);
            List<MethodComparison.Result> results = new ArrayList<>();
            for (String name : options.datasets()) {
                Dataset data = name.equals("synthetic") ? synthetic(options, dimension) : ImageEmbeddings.dataset(client, options.docs(),
                    options.queries(), 17);
                results.add(new MethodComparison(client, data, options).run());
            }
            List<String> header = List.of(
                "Command: `src/tools/bench-knn.sh " + String.join(" ", args) + "`",
                "",
                String.format(Locale.ROOT, "Run %s on %d cores (load average before: %s; after: %s), one node, heap %s, one shard per "
                    + "index, one client sending queries one after the other; latency is the client's round trip (HTTP and JSON "
                    + "included); total run %.0f s.", Instant.now().toString().substring(0, 16), Runtime.getRuntime().availableProcessors(),
                    loadBefore, loadAverage(), options.heap(), (System.nanoTime() - start) / 1e9)
            );
            String report = ReportWriter.markdown(header, results);
            System.out.println();
            System.out.println(report);
            if (options.out() != null) {
                Files.writeString(options.out(), report);
                System.out.println("[bench] written to " + options.out());
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static Dataset synthetic(BenchmarkOptions options, int dimension) {
        int clusters = Math.max(10, options.docs() / 100);
        float[][] all = ClusteredVectors.generate(options.docs() + options.queries(), dimension, clusters, 0.12, 5);
        String description = String.format(Locale.ROOT, "unit vectors around %d random unit centres, Gaussian spread 0.12 per "
            + "dimension, re-normalised; queries drawn from the same distribution", clusters);
        return new Dataset("synthetic", description, Arrays.copyOf(all, options.docs()),
            Arrays.copyOfRange(all, options.docs(), options.docs() + options.queries()));
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
