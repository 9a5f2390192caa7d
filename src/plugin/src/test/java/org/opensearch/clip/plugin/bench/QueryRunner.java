package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a configuration's queries one after the other (after a warm-up), timing each round trip; then runs them once
 * more with the profile API to read how many documents exact and IVF search scored (their shard query describes
 * itself as {@code ExactKnnHits[..., scored=N]}).
 */
final class QueryRunner {
    private static final int WARM_UP = 20;
    private static final Pattern SCORED = Pattern.compile("scored=(\\d+)");

    private final RestClient client;
    private final float[][] queries;
    private final long documents;

    QueryRunner(RestClient client, float[][] queries, long documents) {
        this.client = client;
        this.queries = queries;
        this.documents = documents;
    }

    /** The top-10 ids of every query. */
    List<List<String>> topIds(SearchConfig config) {
        List<List<String>> out = new ArrayList<>();
        for (float[] query : queries) {
            out.add(ids(search(config, query, false)));
        }
        return out;
    }

    Measurement measure(SearchConfig config, List<List<String>> truth) {
        for (int i = 0; i < Math.min(WARM_UP, queries.length); i++) {
            search(config, queries[i], false);
        }
        double[] latencies = new double[queries.length];
        double recall = 0;
        for (int q = 0; q < queries.length; q++) {
            long start = System.nanoTime();
            RestResponse response = search(config, queries[q], false);
            latencies[q] = (System.nanoTime() - start) / 1e6;
            Set<String> found = new HashSet<>(ids(response));
            recall += truth.get(q).stream().filter(found::contains).count() / (double) truth.get(q).size();
        }
        double scored = switch (config.scored()) {
            case ALL -> 1.0;
            case REPLICA -> Double.NaN; // filled in from the in-process replica
            case PROFILE -> {
                long total = 0;
                for (float[] query : queries) {
                    Matcher matcher = SCORED.matcher(search(config, query, true).body());
                    while (matcher.find()) {
                        total += Long.parseLong(matcher.group(1));
                    }
                }
                yield total / (double) queries.length / documents;
            }
        };
        return new Measurement(config, recall / queries.length, latencies, scored, false);
    }

    private RestResponse search(SearchConfig config, float[] query, boolean profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", 10);
        body.put("_source", false);
        body.put("profile", profile);
        body.put("query", config.query().apply(query));
        return client.post("/" + config.index() + "/_search", body).assertOk();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(RestResponse response) {
        List<String> ids = new ArrayList<>();
        for (Object hit : response.list("hits.hits")) {
            ids.add(String.valueOf(((Map<String, Object>) hit).get("_id")));
        }
        return ids;
    }

    static List<Float> asList(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float x : vector) {
            out.add(x);
        }
        return out;
    }
}
