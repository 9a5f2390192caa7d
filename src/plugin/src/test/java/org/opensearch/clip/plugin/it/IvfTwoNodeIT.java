package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testdata.ClusteredVectors;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IVF and exact search on two nodes with shards on both: a model trained through one node is used by ingest and
 * queries through the other, its task is visible from both, and the shard queries travel to the remote shards.
 */
class IvfTwoNodeIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.nodes(2);

    static final String INDEX = "spread";
    static final int NLIST = 16;
    static float[][] docs;
    static float[][] queries;
    static String task;

    @BeforeAll
    static void indexThroughOneNodeAndTrainThroughTheOther() throws InterruptedException {
        RestClient first = cluster.client(0);
        RestClient second = cluster.client(1);
        float[][] all = ClusteredVectors.generate(1510, 32, 12, 0.15, 31);
        docs = Arrays.copyOf(all, 1500);
        queries = Arrays.copyOfRange(all, 1500, 1510);
        VectorIndexes.create(first, INDEX, false, "cosinesimil", 32, 4);
        first.get("/_cluster/health/" + INDEX + "?wait_for_status=green&timeout=60s").assertOk();
        VectorIndexes.load(first, INDEX, docs, null);

        task = second.post("/_plugins/_clip/ivf/models/spread/_train", Map.of("index", INDEX, "field", "v", "nlist", NLIST)).assertOk()
            .string("task");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Boolean.TRUE.equals(first.get("/_tasks/" + task).assertOk().at("completed"))) {
            assertTrue(System.nanoTime() < deadline, "training did not finish");
            Thread.sleep(200);
        }
        VectorIndexes.createIvfPipeline(first, "spread-lists", "spread");
        first.post("/" + INDEX + "/_update_by_query?pipeline=spread-lists&refresh=true", Map.of()).assertOk();
    }

    @Test
    void theShardsAreOnBothNodes() {
        RestResponse shards = cluster.client(0).get("/_cat/shards/" + INDEX + "?format=json").assertOk();
        long nodes = ((List<?>) shards.json()).stream().map(s -> ((Map<?, ?>) s).get("node")).distinct().count();
        assertEquals(2, nodes, shards.toString());
    }

    @Test
    void theTrainingTaskAndItsResultAreSeenFromEitherNode() {
        for (int node = 0; node < 2; node++) {
            RestResponse seen = cluster.client(node).get("/_tasks/" + task).assertOk();
            assertEquals("spread:1", seen.string("response.model"));
            assertEquals("trained", seen.string("response.state"));
        }
    }

    @Test
    void exactAndIvfGiveTheBruteForceAnswerWhicheverNodeCoordinates() {
        for (int node = 0; node < 2; node++) {
            for (float[] query : queries) {
                List<BruteForce.Scored> expected = BruteForce.ranking("cosinesimil", query, docs, i -> true).subList(0, 10);
                for (Map<String, Object> method : List.of(Map.<String, Object>of("method", "exact", "k", 10),
                    Map.<String, Object>of("ivf_model", "spread", "k", 10, "method_parameters", Map.of("nprobes", NLIST)))) {
                    List<Hit> hits = VectorIndexes.search(cluster.client(node), INDEX, query, method, 10);
                    assertEquals(expected.stream().map(BruteForce.Scored::id).toList(), Hit.ids(hits), "node " + node + " " + method);
                    for (int i = 0; i < 10; i++) {
                        assertEquals(expected.get(i).score(), hits.get(i).score(), 1e-5);
                    }
                }
            }
        }
    }
}
