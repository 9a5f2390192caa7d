package org.opensearch.clip.plugin.bench.ingest;

import com.sun.net.httpserver.HttpServer;

import org.opensearch.clip.plugin.testcluster.RestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's URL phases: the photos served by a server on 127.0.0.1 (the node's outbound policy opened to it
 * for the run), ingested by URL against the same photos as base64; URLs repeated four times in each bulk; and base64
 * photos ingested a second time with the embedding cache on.
 */
record UrlPhases(int unique, double fromUrls, double fromBase64, double repeated, int repeatedFetches, int repeatedDocuments,
    int cacheSize, double cachedFirst, double cachedAgain) {

    static UrlPhases run(RestClient client, List<byte[]> photos, List<String> base64, int clients, int bulkSize) throws Exception {
        int unique = Math.min(1000, photos.size());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        java.util.concurrent.ExecutorService serving = Executors.newFixedThreadPool(4);
        server.setExecutor(serving);
        server.createContext("/p/", exchange -> {
            fetches.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring(3);
            byte[] body = photos.get(Integer.parseInt(name.replace(".jpg", "")));
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            client.put("/_cluster/settings", Map.of("transient", Map.of("clip.fetch.allowed_cidrs", List.of("127.0.0.1/32"),
                "clip.fetch.allowed_ports", List.of(Integer.toString(port))))).assertOk();
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < unique; i++) {
                urls.add("http://127.0.0.1:" + port + "/p/" + i + ".jpg");
            }
            double base64Rate = IngestBenchmark.bulkPhase(client, base64.subList(0, unique), "b64", clients, bulkSize);
            double urlRate = IngestBenchmark.bulkPhase(client, urls, "url", clients, bulkSize);

            List<String> repeats = new ArrayList<>();
            for (int i = 0; i < unique / 4; i++) {
                for (int r = 0; r < 4; r++) {
                    repeats.add(urls.get(i)); // consecutive, so each bulk of 32 holds 8 URLs 4 times
                }
            }
            fetches.set(0);
            double repeatRate = IngestBenchmark.bulkPhase(client, repeats, "repeat", clients, bulkSize);
            int repeatFetches = fetches.get();

            int cached = Math.min(500, photos.size());
            client.put("/_cluster/settings", Map.of("transient", Map.of("clip.inference.embedding_cache.size", 4 * cached))).assertOk();
            double first = IngestBenchmark.bulkPhase(client, base64.subList(0, cached), "cache1", clients, bulkSize);
            double again = IngestBenchmark.bulkPhase(client, base64.subList(0, cached), "cache2", clients, bulkSize);
            client.put("/_cluster/settings", Map.of("transient", Map.of("clip.inference.embedding_cache.size", 0))).assertOk();
            return new UrlPhases(unique, urlRate, base64Rate, repeatRate, repeatFetches, repeats.size(), 4 * cached, first, again);
        } finally {
            server.stop(0);
            serving.shutdownNow(); // its threads are not daemons: the benchmark's JVM would not exit
        }
    }
}
