package org.opensearch.clip.plugin.bench.ingest;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingest benchmark behind {@code src/tools/bench-ingest.sh}: the same photo-sized JPEGs embedded by the encoder
 * module in-process (one thread, and all cores) and ingested through a real node (bulk, and one document per
 * request); text-query latency on the idle node and during sustained ingest; every core's busy share during the
 * bulk phase. The bulk is measured twice, right after the node starts and again once its JIT has compiled the
 * indexing path; the ratios use the second. All ratios come from this one run.
 */
public final class IngestBenchmark {
    private static final List<String> QUERIES = List.of("a photo of a tabby cat", "a cup of coffee", "an astronaut in a spacesuit",
        "a rocket launching", "a man with a camera", "a red heart", "a dog", "the night sky");

    private IngestBenchmark() {}

    /** {@code --images N --clients C --bulk B --queries Q --heap H --out FILE --set key=value --bundle DIR}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("images", "2000", "clients", "4", "bulk", "32", "queries", "200",
            "heap", "3g"));
        Map<String, String> nodeSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("set")) {
                String[] kv = args[i + 1].split("=", 2);
                nodeSettings.put(kv[0], kv[1]);
            } else {
                options.put(key, args[i + 1]);
            }
        }
        int images = Integer.parseInt(options.get("images"));
        int clients = Integer.parseInt(options.get("clients"));
        int bulkSize = Integer.parseInt(options.get("bulk"));
        int queries = Integer.parseInt(options.get("queries"));
        long runStart = System.nanoTime();
        String loadBefore = loadAverage();
        System.out.println("[bench] making " + images + " photo-sized JPEGs ...");
        List<byte[]> photos = PhotoSet.generate(images, 42);
        List<String> base64 = photos.stream().map(p -> Base64.getEncoder().encodeToString(p)).toList();
        double meanKb = photos.stream().mapToInt(p -> p.length).average().orElse(0) / 1024;

        System.out.println("[bench] encoder module in-process ...");
        double serial;
        double parallel;
        Path bundle = options.containsKey("bundle") ? Path.of(options.get("bundle")).toAbsolutePath() : null;
        try (TinyClipNode local = bundle == null ? new TinyClipNode() : BundleUnderTest.inProcess(bundle)) {
            ClipEncoder encoder = local.registry().encoder(null);
            encodeAll(encoder, photos.subList(0, Math.min(200, images)), 1); // warm-up
            serial = encodeAll(encoder, photos, 1);
            parallel = encodeAll(encoder, photos, Runtime.getRuntime().availableProcessors());
        }

        ClipCluster.Options clusterOptions = new ClipCluster.Options(1, options.get("heap"), null);
        for (Map.Entry<String, String> setting : nodeSettings.entrySet()) {
            clusterOptions = clusterOptions.withSetting(setting.getKey(), setting.getValue());
        }
        System.out.println("[bench] starting a node (heap " + options.get("heap") + ", settings " + nodeSettings + ") ...");
        try (ClipCluster cluster = ClipCluster.start("ingest-bench", clusterOptions)) {
            RestClient client = cluster.client();
            String model = bundle == null ? "default model" : BundleUnderTest.registerAsDefault(client, bundle);
            ClipIndexes.createImageIndex(client, "bench", ClipIndexes.dimension(client), 1, null);
            client.put("/_ingest/pipeline/embed", """
                {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}}}]}""").assertOk();
            bulkPhase(client, base64.subList(0, Math.min(200, images)), "warm", clients, bulkSize);
            Map<?, ?> warmStats;

            System.out.println("[bench] bulk ingest: " + clients + " clients, " + bulkSize + " documents per bulk, twice ...");
            // the first pass runs while the JIT still compiles the node's indexing path (a few hundred documents warm
            // little of it); the second, right after on the same images, is the sustained rate the ratios use
            double firstPass = bulkPhase(client, base64, "first", clients, bulkSize);
            warmStats = (Map<?, ?>) modelStats(client).get("latency");
            CpuSampler cpu = CpuSampler.start();
            long nodeCpuBefore = nodeCpuMillis(client);
            double bulk = bulkPhase(client, base64, "bulk", clients, bulkSize);
            double nodeCpuSeconds = (nodeCpuMillis(client) - nodeCpuBefore) / 1000.0;
            List<Double> cores = cpu.busy();
            Map<?, ?> stats = modelStats(client);

            int singles = Math.max(clients * 10, images / 4);
            System.out.println("[bench] one document per request: " + (2 * clients) + " clients, " + singles + " documents ...");
            double single = singlePhase(client, base64.subList(0, singles), 2 * clients);

            System.out.println("[bench] image URLs from a local server, repeats and the embedding cache ...");
            UrlPhases urls = UrlPhases.run(client, photos, base64, clients, bulkSize);

            System.out.println("[bench] text queries on the idle node ...");
            runQueries(client, 20);
            List<Double> idle = runQueries(client, queries);

            System.out.println("[bench] text queries during sustained bulk ingest ...");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger loaded = new AtomicInteger();
            ExecutorService background = Executors.newFixedThreadPool(clients);
            List<Future<?>> ingesting = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client0 = c;
                ingesting.add(background.submit(() -> {
                    for (int round = 0; !stop.get(); round++) {
                        int from = ((round * clients + client0) * bulkSize) % (images - bulkSize);
                        bulk(client, base64.subList(from, from + bulkSize), "load-" + client0 + "-" + round);
                        loaded.addAndGet(bulkSize);
                    }
                    return null;
                }));
            }
            Thread.sleep(2000);
            long loadStart = System.nanoTime();
            int before = loaded.get();
            List<Double> busy = runQueries(client, queries);
            double loadedRate = (loaded.get() - before) / ((System.nanoTime() - loadStart) / 1e9);
            stop.set(true);
            for (Future<?> f : ingesting) {
                f.get();
            }
            background.shutdown();

            List<String> lines = new ArrayList<>();
            lines.add("Command: `src/tools/bench-ingest.sh " + String.join(" ", args) + "`");
            lines.add("");
            lines.add(String.format(Locale.ROOT, "Load average before the run %s, after %s. ", loadBefore, loadAverage())
                + String.format(Locale.ROOT, "Run %s on %d cores, %d JPEGs of 640x480 (mean %.0f KB), %s, one node with "
                + "heap %s%s; total %.0f s.", Instant.now().toString().substring(0, 16), Runtime.getRuntime().availableProcessors(), images,
                meanKb, model, options.get("heap"), nodeSettings.isEmpty() ? "" : " and " + nodeSettings, (System.nanoTime() - runStart) / 1e9));
            lines.add("");
            lines.add("| what | value | ratio |");
            lines.add("|---|---|---|");
            lines.add(String.format(Locale.ROOT, "| encoder module in-process, one thread (decode, preprocess, encode in batches of 32) | "
                + "%.1f images/s | |", serial));
            lines.add(String.format(Locale.ROOT, "| encoder module in-process, all cores (parallel decode and preprocess, batches of 32) | "
                + "%.1f images/s | %.2f× one thread |", parallel, parallel / serial));
            lines.add(String.format(Locale.ROOT, "| node, `_bulk` of %d, %d clients, first pass after the node started | %.1f docs/s | %.2f× "
                + "encoder all cores, %.2f× one thread |", bulkSize, clients, firstPass, firstPass / parallel, firstPass / serial));
            lines.add(String.format(Locale.ROOT, "| node, `_bulk` of %d, %d clients, the same images again (sustained) | %.1f docs/s | %.2f× "
                + "encoder all cores, %.2f× one thread |", bulkSize, clients, bulk, bulk / parallel, bulk / serial));
            lines.add(String.format(Locale.ROOT, "| node, one document per request, %d clients | %.1f docs/s | %.2f× bulk |", 2 * clients,
                single, single / bulk));
            lines.add(String.format(Locale.ROOT, "| node, `_bulk` of image URLs served on 127.0.0.1 (%d unique) | %.1f docs/s | %.2f× the same "
                + "images as base64 (%.1f docs/s) |", urls.unique(), urls.fromUrls(), urls.fromUrls() / urls.fromBase64(), urls.fromBase64()));
            lines.add(String.format(Locale.ROOT, "| node, `_bulk` of URLs each repeated 4× in its bulk (fetched and embedded once) | %.1f docs/s "
                + "| %.2f× unique URLs; %d fetches for %d documents |", urls.repeated(), urls.repeated() / urls.fromUrls(), urls.repeatedFetches(),
                urls.repeatedDocuments()));
            lines.add(String.format(Locale.ROOT, "| node, base64 images ingested again with `clip.inference.embedding_cache.size: %d` | %.1f docs/s "
                + "| %.2f× the first pass (%.1f docs/s) |", urls.cacheSize(), urls.cachedAgain(), urls.cachedAgain() / urls.cachedFirst(),
                urls.cachedFirst()));
            lines.add(String.format(Locale.ROOT, "| text query, idle node (%d sequential) | p50 %.1f ms, p99 %.1f ms | |", queries,
                percentile(idle, 0.5), percentile(idle, 0.99)));
            lines.add(String.format(Locale.ROOT, "| text query during sustained bulk ingest (%.1f docs/s meanwhile) | p50 %.1f ms, p99 %.1f ms "
                + "| p99 %.2f× idle |", loadedRate, percentile(busy, 0.5), percentile(busy, 0.99), percentile(busy, 0.99) / percentile(idle,
                0.99)));
            StringBuilder perCore = new StringBuilder();
            double sum = 0;
            for (int c = 0; c < cores.size(); c++) {
                perCore.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "cpu%d %.0f%%", c, 100 * cores.get(c)));
                sum += cores.get(c);
            }
            lines.add(String.format(Locale.ROOT, "| 429 answers retried by the clients (whole bulks, bulk items or single documents) | %d | |", RETRIES.get()));
            lines.add(String.format(Locale.ROOT, "| busy cores during the bulk phase (whole machine) | %s | %.2f of %d cores |", perCore, sum,
                cores.size()));
            Map<?, ?> latency = (Map<?, ?>) stats.get("latency");
            lines.add(String.format(Locale.ROOT, "| node stage latency during the bulk phase (stats API) | decode p50 %s ms, queue wait p50 %s ms, "
                + "encode p50 %s ms per batch; batch sizes %s | |", at(latency, "decode"), at(latency, "queue_wait"), at(latency, "encode"),
                stats.get("batch_sizes")));
            double machine = images / bulk * cores.size();
            lines.add(String.format(Locale.ROOT, "| CPU of the node process during the bulk phase (`_nodes/stats/process`) | %.0f of the machine's %.0f "
                + "core-seconds (%.0f%%); decode and preprocess %.0f s, model %.0f s of stage wall time | |", nodeCpuSeconds, machine,
                100 * nodeCpuSeconds / machine, total(latency, "decode") - total(warmStats, "decode"),
                total(latency, "encode") - total(warmStats, "encode")));
            String report = String.join("\n", lines) + "\n";
            System.out.println();
            System.out.println(report);
            if (options.containsKey("out")) {
                Files.writeString(Path.of(options.get("out")), report);
                System.out.println("[bench] written to " + options.get("out"));
            }
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The node process's CPU time so far, in ms. */
    private static long nodeCpuMillis(RestClient client) {
        Map<?, ?> node = (Map<?, ?>) client.get("/_nodes/stats/process").assertOk().object("nodes").values().iterator().next();
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) node.get("process")).get("cpu")).get("total_in_millis")).longValue();
    }

    /** A stage's total time in seconds: its count times its mean. */
    private static double total(Map<?, ?> latency, String stage) {
        Map<?, ?> one = (Map<?, ?>) latency.get(stage);
        return ((Number) one.get("count")).doubleValue() * ((Number) one.get("mean_ms")).doubleValue() / 1000;
    }

    private static Object at(Map<?, ?> latency, String stage) {
        return ((Map<?, ?>) latency.get(stage)).get("p50_ms");
    }

    /** Embeds every photo in-process with {@code threads} preprocessing threads and batches of 32; images per second. */
    private static double encodeAll(ClipEncoder encoder, List<byte[]> photos, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            for (int from = 0; from < photos.size(); from += 32) {
                List<byte[]> chunk = photos.subList(from, Math.min(photos.size(), from + 32));
                List<Future<float[]>> pixels = new ArrayList<>();
                for (byte[] photo : chunk) {
                    pixels.add(pool.submit(() -> encoder.preprocess(photo, ImageLimits.DEFAULT)));
                }
                List<float[]> batch = new ArrayList<>();
                for (Future<float[]> p : pixels) {
                    batch.add(p.get());
                }
                encoder.encodeImages(batch, 32);
            }
            return photos.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    static double bulkPhase(RestClient client, List<String> images, String prefix, int clients, int bulkSize) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return images.size() / clientsFor(clients, () -> {
            int from;
            while ((from = next.getAndAdd(bulkSize)) < images.size()) {
                bulk(client, images.subList(from, Math.min(images.size(), from + bulkSize)), prefix + "-" + from);
            }
        });
    }

    /** Runs {@code task} on {@code clients} threads at once; the seconds until all are done. */
    private static double clientsFor(int clients, Runnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(task));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    /** Sends one bulk; like OpenSearch's clients, retries a 429 (the whole request, or the items that got it) with back-off. */
    private static void bulk(RestClient client, List<String> images, String prefix) {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            docs.put(prefix + "-" + i, Map.of("file", prefix, "image", images.get(i)));
        }
        for (int attempt = 0; !docs.isEmpty(); attempt++) {
            backOff(attempt);
            RestResponse response = client.postNdjson("/_bulk?pipeline=embed", ClipIndexes.bulkBody("bench", docs));
            if (response.status() == 429) {
                continue;
            }
            response.assertOk();
            Map<String, String> failures = ClipIndexes.bulkFailures(response);
            docs.keySet().removeIf(id -> !failures.containsKey(id));
            for (Map.Entry<String, String> failure : failures.entrySet()) {
                if (!failure.getValue().contains("rejected_execution_exception") && !failure.getValue().contains("circuit_breaking")) {
                    throw new IllegalStateException("bulk item " + failure.getKey() + " failed: " + failure.getValue());
                }
            }
        }
    }

    private static final AtomicInteger RETRIES = new AtomicInteger();

    /** Before a retry (attempt 1 on), counts it and waits 100 ms doubling up to 2 s; attempt 0 goes at once. */
    private static void backOff(int attempt) {
        if (attempt > 0) {
            RETRIES.incrementAndGet();
            sleep(Math.min(2000, 50L << Math.min(attempt, 6)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double singlePhase(RestClient client, List<String> images, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return images.size() / clientsFor(clients, () -> {
            int i;
            while ((i = next.getAndIncrement()) < images.size()) {
                index(client, "single-" + i, images.get(i));
            }
        });
    }

    /** Indexes one document; like OpenSearch's clients, retries a 429 (a full lane or the parent circuit breaker) with back-off. */
    private static void index(RestClient client, String id, String image) {
        for (int attempt = 0; ; attempt++) {
            backOff(attempt);
            RestResponse response = client.put("/bench/_doc/" + id + "?pipeline=embed", Map.of("file", "single", "image", image));
            if (response.status() != 429) {
                response.assertOk();
                return;
            }
        }
    }

    /** Runs {@code n} text queries one after the other; their round trips in ms. */
    private static List<Double> runQueries(RestClient client, int n) {
        List<Double> millis = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> body = Map.of("size", 10, "_source", false, "query", Map.of("clip", Map.of("image_vector",
                Map.of("query_text", QUERIES.get(i % QUERIES.size()), "k", 10))));
            long start = System.nanoTime();
            client.post("/bench/_search", body).assertOk();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private static double percentile(List<Double> values, double q) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static Map<?, ?> modelStats(RestClient client) {
        Map<?, ?> node = (Map<?, ?>) client.get("/_plugins/_clip/stats").assertOk().object("nodes").values().iterator().next();
        Map<?, ?> models = (Map<?, ?>) node.get("models");
        return (Map<?, ?>) models.get(String.valueOf(ClipIndexes.defaultModel(client).get("name")));
    }
}
