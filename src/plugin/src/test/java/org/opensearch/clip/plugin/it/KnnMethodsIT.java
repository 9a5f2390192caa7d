package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testdata.ClusteredVectors;
import org.opensearch.clip.plugin.testcluster.RestClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three search methods of the {@code clip} query on a real node, against a brute-force computation done here:
 * exact search is the ground truth, HNSW with a large {@code ef_search} and IVF with a modest {@code nprobes} reach
 * their recall, all methods rank and score alike in every space type, and no method lets a filtered-out document
 * through. Clustered synthetic vectors: 3,000 (cosine) and 1,000 (inner product, l2) of dimension 32.
 */
class KnnMethodsIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final int DIMENSION = 32;
    static final int DOCS = 3000;
    static final int QUERIES = 40;
    static final int SMALL = 1000;
    static final int NLIST = 64;
    static final int SMALL_NLIST = 16;

    /** One indexed data set: its index, space type, vectors, and the IVF model trained on it. */
    record Data(String index, String spaceType, float[][] docs, String model, int nlist) {}

    static float[][] queries;
    static Data cosineFlat;
    static Data cosineHnsw;
    static Data innerProduct;
    static Data l2;

    @BeforeAll
    static void indexAndTrain() {
        RestClient client = cluster.client();
        float[][] all = ClusteredVectors.generate(DOCS + QUERIES, DIMENSION, 40, 0.12, 7);
        float[][] docs = Arrays.copyOfRange(all, 0, DOCS);
        queries = Arrays.copyOfRange(all, DOCS, DOCS + QUERIES);

        // cosine: a flat index (index.knn false: no graph) trained on, then lists assigned in place; an HNSW index
        // loaded through the same pipeline
        VectorIndexes.create(client, "cos-flat", false, "cosinesimil", DIMENSION, 2);
        VectorIndexes.load(client, "cos-flat", docs, null);
        VectorIndexes.train(client, "cos", "cos-flat", NLIST);
        VectorIndexes.createIvfPipeline(client, "ivf-cos", "cos");
        client.post("/cos-flat/_update_by_query?pipeline=ivf-cos&refresh=true", Map.of()).assertOk();
        cosineFlat = new Data("cos-flat", "cosinesimil", docs, "cos", NLIST);
        VectorIndexes.create(client, "cos-hnsw", true, "cosinesimil", DIMENSION, 2);
        VectorIndexes.load(client, "cos-hnsw", docs, "ivf-cos");
        cosineHnsw = new Data("cos-hnsw", "cosinesimil", docs, "cos", NLIST);

        // inner product and l2 on vectors of varied length, so that the spaces rank differently
        float[][] varied = Arrays.copyOf(docs, SMALL);
        Random random = new Random(3);
        for (int i = 0; i < varied.length; i++) {
            float scale = 0.5f + random.nextFloat();
            varied[i] = varied[i].clone();
            for (int j = 0; j < DIMENSION; j++) {
                varied[i][j] *= scale;
            }
        }
        innerProduct = spaceData(client, "ip-hnsw", "innerproduct", "ip", varied);
        l2 = spaceData(client, "l2-hnsw", "l2", "l2", varied);
    }

    private static Data spaceData(RestClient client, String index, String spaceType, String model, float[][] docs) {
        VectorIndexes.create(client, index, true, spaceType, DIMENSION, 1);
        VectorIndexes.load(client, index, docs, null);
        VectorIndexes.train(client, model, index, SMALL_NLIST);
        VectorIndexes.createIvfPipeline(client, "ivf-" + model, model);
        client.post("/" + index + "/_update_by_query?pipeline=ivf-" + model + "&refresh=true", Map.of()).assertOk();
        return new Data(index, spaceType, docs, model, SMALL_NLIST);
    }

    private static List<Hit> exact(Data data, float[] query, Map<String, Object> options, int size) {
        Map<String, Object> all = new java.util.HashMap<>(options);
        all.put("method", "exact");
        return VectorIndexes.search(cluster.client(), data.index(), query, all, size);
    }

    private static List<Hit> hnsw(Data data, float[] query, int k, int efSearch) {
        return VectorIndexes.search(cluster.client(), data.index(), query, Map.of("method", "hnsw", "k", k,
            "method_parameters", Map.of("ef_search", efSearch)), k);
    }

    private static List<Hit> ivf(Data data, float[] query, int k, int nprobes) {
        return VectorIndexes.search(cluster.client(), data.index(), query, Map.of("ivf_model", data.model(), "k", k,
            "method_parameters", Map.of("nprobes", nprobes)), k);
    }

    private static void assertSameHits(List<BruteForce.Scored> expected, List<Hit> actual, String what) {
        assertEquals(expected.stream().map(BruteForce.Scored::id).toList(), Hit.ids(actual), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5, what + ": score of hit " + i);
        }
    }

    /** Every hit's score is the brute-force score of that document. */
    private static void assertTrueScores(Data data, float[] query, List<Hit> hits, String what) {
        for (Hit hit : hits) {
            double expected = BruteForce.score(data.spaceType(), query, data.docs()[Integer.parseInt(hit.id())]);
            assertEquals(expected, hit.score(), 1e-5, what + ": score of document " + hit.id());
        }
    }

    @Test
    void exactEqualsBruteForceInEverySpaceAndStorage() {
        for (Data data : List.of(cosineFlat, cosineHnsw, innerProduct, l2)) {
            for (int q = 0; q < 10; q++) {
                List<BruteForce.Scored> expected = BruteForce.ranking(data.spaceType(), queries[q], data.docs(), i -> true).subList(0, 10);
                assertSameHits(expected, exact(data, queries[q], Map.of("k", 10), 10), data.index() + " query " + q);
            }
        }
    }

    @Test
    void exactRadialSearchEqualsBruteForceAndContainsHnswRadialHits() {
        // each radius is set between the 20th and 21st best score of the query, as a score or as a k-NN distance
        record Radial(Data data, String option) {}
        List<Radial> cases = List.of(
            new Radial(cosineFlat, "min_score"),
            new Radial(cosineHnsw, "max_distance"),
            new Radial(innerProduct, "min_score"),
            new Radial(l2, "max_distance")
        );
        for (Radial radial : cases) {
            Data data = radial.data();
            for (int q = 0; q < 5; q++) {
                List<BruteForce.Scored> ranking = BruteForce.ranking(data.spaceType(), queries[q], data.docs(), i -> true);
                double minScore = (ranking.get(19).score() + ranking.get(20).score()) / 2;
                double value = radial.option().equals("min_score") ? minScore : switch (data.spaceType()) {
                    case "cosinesimil" -> 2 - 2 * minScore; // score (2 - d) / 2
                    case "l2" -> 1 / minScore - 1; // score 1 / (1 + d), d the squared distance
                    default -> throw new IllegalStateException(data.spaceType());
                };
                List<BruteForce.Scored> expected = ranking.subList(0, 20);
                String what = data.index() + " " + radial.option() + " " + value + " query " + q;
                List<Hit> found = exact(data, queries[q], Map.of(radial.option(), value), DOCS);
                assertSameHits(expected, found, what);
                if (data != cosineFlat) {
                    List<Hit> approximate = VectorIndexes.search(cluster.client(), data.index(), queries[q],
                        Map.of("method", "hnsw", radial.option(), value), DOCS);
                    assertTrue(Hit.ids(found).containsAll(Hit.ids(approximate)), what + ": HNSW radial hits outside the radius");
                    assertTrueScores(data, queries[q], approximate, what + " (hnsw)");
                }
            }
        }
    }

    @Test
    void hnswWithALargeEfSearchReachesRecall95() {
        double recall = 0;
        for (float[] query : queries) {
            List<String> truth = BruteForce.topIds(BruteForce.ranking("cosinesimil", query, cosineHnsw.docs(), i -> true), 10);
            recall += BruteForce.recall(truth, Hit.ids(hnsw(cosineHnsw, query, 10, 512)));
        }
        recall /= queries.length;
        System.out.printf(Locale.ROOT, "[KnnMethodsIT] HNSW ef_search 512: recall@10 %.3f%n", recall);
        assertTrue(recall >= 0.95, "recall@10 " + recall);
    }

    @Test
    void ivfReachesRecall90WithAnEighthOfTheListsProbed() {
        for (Data data : List.of(cosineFlat, cosineHnsw)) {
            double recall = 0;
            for (float[] query : queries) {
                List<String> truth = BruteForce.topIds(BruteForce.ranking("cosinesimil", query, data.docs(), i -> true), 10);
                List<Hit> hits = ivf(data, query, 10, NLIST / 8);
                assertTrueScores(data, query, hits, data.index() + " ivf");
                recall += BruteForce.recall(truth, Hit.ids(hits));
            }
            recall /= queries.length;
            System.out.printf(Locale.ROOT, "[KnnMethodsIT] %s IVF nlist %d nprobes %d: recall@10 %.3f%n", data.index(), NLIST, NLIST / 8,
                recall);
            assertTrue(recall >= 0.9, data.index() + ": recall@10 " + recall);
        }
    }

    @Test
    void allMethodsRankAndScoreAlikeInEverySpace() {
        for (Data data : List.of(cosineHnsw, innerProduct, l2)) {
            for (int q = 0; q < 10; q++) {
                String what = data.index() + " query " + q;
                List<BruteForce.Scored> expected = BruteForce.ranking(data.spaceType(), queries[q], data.docs(), i -> true).subList(0, 10);
                assertSameHits(expected, exact(data, queries[q], Map.of("k", 10), 10), what + " (exact)");
                assertSameHits(expected, ivf(data, queries[q], 10, data.nlist()), what + " (ivf probing every list)");
                List<Hit> approximate = hnsw(data, queries[q], 10, 512);
                assertTrueScores(data, queries[q], approximate, what + " (hnsw)");
                for (int i = 1; i < approximate.size(); i++) {
                    assertTrue(approximate.get(i - 1).score() >= approximate.get(i).score(), what + ": hnsw hits out of order");
                }
                assertTrue(BruteForce.recall(BruteForce.topIds(expected, 10), Hit.ids(approximate)) >= 0.9, what + ": hnsw recall");
            }
        }
    }

    @Test
    void filtersNeverReturnAFilteredOutDocument() {
        Set<String> chosen = new HashSet<>();
        Random random = new Random(11);
        while (chosen.size() < 15) {
            chosen.add(Integer.toString(random.nextInt(DOCS)));
        }
        record Filter(Map<String, Object> query, IntPredicate accepts) {}
        List<Filter> filters = List.of(
            new Filter(Map.of("term", Map.of("group", "3")), i -> i % VectorIndexes.GROUPS == 3),
            new Filter(Map.of("ids", Map.of("values", new ArrayList<>(chosen))), i -> chosen.contains(Integer.toString(i)))
        );
        for (Filter filter : filters) {
            for (int q = 0; q < 5; q++) {
                float[] query = queries[q];
                List<BruteForce.Scored> expected = BruteForce.ranking("cosinesimil", query, cosineHnsw.docs(), filter.accepts())
                    .subList(0, 10);
                String what = filter.query() + " query " + q;
                assertSameHits(expected, exact(cosineHnsw, query, Map.of("k", 10, "filter", filter.query()), 10), what + " (exact)");
                Map<String, Map<String, Object>> methods = Map.of(
                    "hnsw", Map.of("method", "hnsw", "k", 10, "filter", filter.query()),
                    "ivf", Map.of("ivf_model", "cos", "k", 10, "filter", filter.query(), "method_parameters", Map.of("nprobes", 2)),
                    "exact", Map.of("method", "exact", "k", 10, "filter", filter.query())
                );
                for (Map.Entry<String, Map<String, Object>> method : methods.entrySet()) {
                    for (Data data : List.of(cosineHnsw, cosineFlat)) {
                        if (data == cosineFlat && method.getKey().equals("hnsw")) {
                            continue; // a flat field has no graph
                        }
                        List<Hit> hits = VectorIndexes.search(cluster.client(), data.index(), query, method.getValue(), 50);
                        for (Hit hit : hits) {
                            assertTrue(filter.accepts().test(Integer.parseInt(hit.id())), what + " " + method.getKey() + " on " + data.index()
                                + " returned filtered-out document " + hit.id());
                        }
                    }
                }
            }
        }
    }

    @Test
    void fromAndSizePageThroughTheBestK() {
        for (Map<String, Object> method : List.of(Map.<String, Object>of("method", "exact", "k", 10),
            Map.<String, Object>of("ivf_model", "cos", "k", 10, "method_parameters", Map.of("nprobes", 16)))) {
            List<Hit> all = VectorIndexes.search(cluster.client(), "cos-flat", queries[0], method, 10);
            List<Hit> second = Hit.of(cluster.client().post("/cos-flat/_search", Map.of("from", 5, "size", 5, "_source", false,
                "query", VectorIndexes.clip(queries[0], method))));
            assertEquals(Hit.ids(all).subList(5, 10), Hit.ids(second), method.toString());
        }
    }
}
