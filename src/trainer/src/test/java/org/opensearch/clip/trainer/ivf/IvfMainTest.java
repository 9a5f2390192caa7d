package org.opensearch.clip.trainer.ivf;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IvfMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return IvfMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** 600 unit vectors of dimension 8 around 6 centres. */
    private static float[][] clustered() {
        Random random = new Random(3);
        float[][] rows = new float[600][8];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (int j = 0; j < 8; j++) {
                rows[i][j] = (float) ((j == i % 6 ? 1 : 0) + random.nextGaussian() * 0.05);
                norm += rows[i][j] * rows[i][j];
            }
            for (int j = 0; j < 8; j++) {
                rows[i][j] /= (float) Math.sqrt(norm);
            }
        }
        return rows;
    }

    @Test
    void trainsFromAnNpyFileAndWritesTheUploadBody(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("embeddings.npy");
        VectorFilesTest.writeNpy(input, clustered(), "<f4");
        Path output = dir.resolve("model.json");
        assertEquals(0, run("--name", "pets", "--input", input.toString(), "--nlist", "6", "--output", output.toString(), "--description",
            "six themes"), err.toString());
        JsonObject body = JsonParser.parseString(Files.readString(output)).getAsJsonObject();
        assertEquals("cosinesimil", body.get("space_type").getAsString());
        assertEquals(6, body.getAsJsonArray("centroids").size());
        assertEquals(8, body.getAsJsonArray("centroids").get(0).getAsJsonArray().size());
        assertEquals("six themes", body.get("description").getAsString());
        JsonObject training = body.getAsJsonObject("training");
        assertEquals("clip-trainer ivf", training.get("source").getAsString());
        assertEquals(600, training.get("vectors").getAsInt());
        assertEquals(600, training.get("sample_size").getAsInt());
        assertEquals(100, training.get("smallest_list").getAsInt(), "six separated themes make six lists of 100");
        assertTrue(out.toString().contains("iteration 1/25"), out.toString());
    }

    @Test
    void readsAnIndexAndUploadsOverHttp(@TempDir Path dir) throws IOException {
        float[][] rows = clustered();
        List<String> requests = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(path);
            String answer;
            if (path.startsWith("GET /images/_mapping/field/v")) {
                answer = "{\"images\":{\"mappings\":{\"v\":{\"full_name\":\"v\",\"mapping\":{\"v\":{\"type\":\"knn_vector\",\"dimension\":8,"
                    + "\"method\":{\"engine\":\"lucene\",\"space_type\":\"innerproduct\",\"name\":\"hnsw\"}}}}}}}";
            } else if (path.startsWith("POST /images/_search")) {
                answer = page(rows, 0, 400, "s1");
            } else if (path.startsWith("POST /_search/scroll")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                answer = body.contains("\"s1\"") ? page(rows, 400, 600, "s2") : page(rows, 600, 600, "s3");
            } else if (path.startsWith("DELETE /_search/scroll")) {
                answer = "{\"succeeded\":true}";
            } else if (path.startsWith("PUT /_plugins/_clip/ivf/models/pets")) {
                answer = "{\"model\":\"pets:3\"}";
            } else {
                answer = "{}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals(0, run("--name", "pets", "--index", base + "/images", "--field", "v", "--nlist", "6", "--upload", base),
                err.toString());
        } finally {
            server.stop(0);
        }
        assertTrue(out.toString().contains("600 vectors of dimension 8"), out.toString());
        assertTrue(out.toString().contains("innerproduct, nlist 6"), out.toString());
        assertTrue(out.toString().contains("uploaded as pets:3"), out.toString());
        assertTrue(requests.contains("DELETE /_search/scroll"), requests.toString());
    }

    private static String page(float[][] rows, int from, int to, String scroll) {
        StringBuilder hits = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (hits.length() > 0) {
                hits.append(',');
            }
            StringBuilder vector = new StringBuilder();
            for (float x : rows[i]) {
                vector.append(vector.length() == 0 ? "" : ",").append(x);
            }
            hits.append("{\"_id\":\"").append(i).append("\",\"_source\":{\"v\":[").append(vector).append("]}}");
        }
        return "{\"_scroll_id\":\"" + scroll + "\",\"hits\":{\"hits\":[" + hits + "]}}";
    }

    @Test
    void wrongOptionsExitWithStatusTwoAndSayWhy() {
        assertEquals(2, run("--input", "x.npy", "--output", "m.json"));
        assertTrue(err.toString().contains("--name is required"), err.toString());
        err.reset();
        assertEquals(2, run("--name", "m", "--input", "x.npy"));
        assertTrue(err.toString().contains("give --output FILE, --upload URL or both"), err.toString());
        err.reset();
        assertEquals(2, run("--name", "m", "--input", "x.csv", "--output", "m.json"));
        assertTrue(err.toString().contains("must be a .npy, .fvecs or .jsonl file"), err.toString());
        err.reset();
        assertEquals(2, run("--name", "m", "--index", "images", "--field", "v", "--output", "m.json"));
        assertTrue(err.toString().contains("--index must be URL/INDEX"), err.toString());
        err.reset();
        assertEquals(1, run("--name", "m", "--input", "missing.npy", "--output", "m.json"));
        assertTrue(err.toString().contains("ivf failed"), err.toString());
    }
}
