package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.SpaceType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactKnnQueryTest {
    private static final int DOCS = 300;
    private static final int DIMENSION = 8;

    private record Expected(int id, float score) {}

    private static float[] vector(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Indexes DOCS vectors over several segments, deletes every 10th document; as Lucene vectors or as doc values. */
    private static float[][] index(Directory directory, boolean docValues, SpaceType space) throws IOException {
        Random random = new Random(1);
        float[][] vectors = new float[DOCS][];
        IndexWriterConfig config = new IndexWriterConfig().setMaxBufferedDocs(70);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int id = 0; id < DOCS; id++) {
                vectors[id] = vector(random);
                Document doc = new Document();
                doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
                doc.add(new StringField("parity", id % 2 == 0 ? "even" : "odd", Field.Store.NO));
                if (id % 37 != 5) { // a few documents have no vector at all
                    if (docValues) {
                        ByteBuffer bytes = ByteBuffer.allocate(DIMENSION * Float.BYTES); // big-endian, as the k-NN plugin writes
                        for (float x : vectors[id]) {
                            bytes.putFloat(x);
                        }
                        doc.add(new BinaryDocValuesField("v", new BytesRef(bytes.array())));
                    } else {
                        doc.add(new KnnFloatVectorField("v", vectors[id], similarity(space)));
                    }
                } else {
                    vectors[id] = null;
                }
                writer.addDocument(doc);
            }
            for (int id = 0; id < DOCS; id += 10) {
                writer.deleteDocuments(new Term("id", Integer.toString(id)));
            }
        }
        return vectors;
    }

    private static VectorSimilarityFunction similarity(SpaceType space) {
        return switch (space) {
            case COSINE -> VectorSimilarityFunction.COSINE;
            case INNER_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
        };
    }

    private static List<Expected> bruteForce(float[][] vectors, float[] target, SpaceType space, IntPredicate accept) {
        List<Expected> all = new ArrayList<>();
        for (int id = 0; id < DOCS; id++) {
            if (vectors[id] != null && id % 10 != 0 && accept.test(id)) {
                all.add(new Expected(id, space.score(target, vectors[id])));
            }
        }
        all.sort(Comparator.comparing(Expected::score).reversed().thenComparing(Expected::id));
        return all;
    }

    private static List<Expected> search(IndexSearcher searcher, Query query, int size) throws IOException {
        TopDocs top = searcher.search(query, size);
        List<Expected> out = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
            out.add(new Expected(Integer.parseInt(searcher.storedFields().document(hit.doc).get("id")), hit.score));
        }
        return out;
    }

    private static void assertSameHits(List<Expected> expected, List<Expected> actual) {
        assertEquals(expected.size(), actual.size(), "hit count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id(), actual.get(i).id(), "hit " + i);
            assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5, "score of hit " + i);
        }
    }

    @Test
    void topKEqualsBruteForceForEveryStorageAndSpace() throws IOException {
        for (boolean docValues : new boolean[] {false, true}) {
            for (SpaceType space : SpaceType.values()) {
                try (Directory directory = new ByteBuffersDirectory()) {
                    float[][] vectors = index(directory, docValues, space);
                    try (DirectoryReader reader = DirectoryReader.open(directory)) {
                        assertTrue(reader.leaves().size() > 1, "several segments");
                        IndexSearcher searcher = new IndexSearcher(reader);
                        float[] target = vector(new Random(space.ordinal() + 10));
                        List<Expected> expected = bruteForce(vectors, target, space, id -> true).subList(0, 10);
                        assertSameHits(expected, search(searcher, new ExactKnnQuery("v", target, space, 10, Float.NaN, null), 100));
                    }
                }
            }
        }
    }

    @Test
    void filterRestrictsWhatIsScored() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            float[][] vectors = index(directory, true, SpaceType.COSINE);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                float[] target = vector(new Random(3));
                Query odd = new TermQuery(new Term("parity", "odd"));
                List<Expected> expected = bruteForce(vectors, target, SpaceType.COSINE, id -> id % 2 == 1).subList(0, 7);
                ExactKnnQuery query = new ExactKnnQuery("v", target, SpaceType.COSINE, 7, Float.NaN, odd);
                assertSameHits(expected, search(searcher, query, 100));
                ScoredDocsQuery rewritten = (ScoredDocsQuery) query.rewrite(searcher);
                assertEquals(bruteForce(vectors, target, SpaceType.COSINE, id -> id % 2 == 1).size(), rewritten.scored());
            }
        }
    }

    @Test
    void radialKeepsEveryScoreAboveTheThreshold() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            float[][] vectors = index(directory, false, SpaceType.L2);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                float[] target = vector(new Random(4));
                float threshold = SpaceType.L2.distanceToScore(12f);
                List<Expected> expected = bruteForce(vectors, target, SpaceType.L2, id -> true).stream()
                    .filter(e -> e.score() >= threshold)
                    .toList();
                assertTrue(expected.size() > 5 && expected.size() < 200, "a meaningful radius: " + expected.size());
                assertSameHits(expected, search(searcher, new ExactKnnQuery("v", target, SpaceType.L2, 0, threshold, null), DOCS));
            }
        }
    }

    @Test
    void equalScoresKeepTheEarlierDocument() {
        ScoreSink best = ScoreSink.best(2);
        best.offer(1, 0.5f);
        best.offer(2, 0.9f);
        best.offer(3, 0.5f);
        best.offer(4, 0.9f);
        ScoredDocs result = best.result();
        assertEquals(List.of(2, 4), List.of(result.docs()[0], result.docs()[1]));
    }
}
