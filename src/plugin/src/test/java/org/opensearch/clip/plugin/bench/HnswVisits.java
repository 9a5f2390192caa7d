package org.opensearch.clip.plugin.bench;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * How many vectors an HNSW search scores, which the node does not report: a replica in this process of the node's
 * one-segment Lucene HNSW index (same vectors, cosine, m 16, ef_construction 128) searched as the k-NN plugin searches
 * it (Lucene k = max(k, ef_search)), counting the graph nodes each search visits. An estimate: the replica's graph is
 * built in one go, the node's by flushes and a force-merge.
 */
final class HnswVisits implements AutoCloseable {
    private static final String FIELD = "v";

    private final Directory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final int documents;

    HnswVisits(float[][] docs) throws IOException {
        this.documents = docs.length;
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(16, 128);
        Codec codec = new FilterCodec(Codec.getDefault().getName(), Codec.getDefault()) {
            @Override
            public KnnVectorsFormat knnVectorsFormat() {
                return new PerFieldKnnVectorsFormat() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return hnsw;
                    }
                };
            }
        };
        long start = System.nanoTime();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(codec).setRAMBufferSizeMB(512))) {
            for (float[] vector : docs) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vector, VectorSimilarityFunction.COSINE));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
        this.reader = DirectoryReader.open(directory);
        System.out.printf(Locale.ROOT, "[bench] in-process HNSW replica of %d vectors built in %.0f s%n", docs.length,
            (System.nanoTime() - start) / 1e9);
    }

    /** The mean share of the documents scored by a search with this ef_search, over the queries. */
    double scoredShare(float[][] queries, int k, int efSearch) throws IOException {
        IndexSearcher searcher = new IndexSearcher(reader);
        long visited = 0;
        for (float[] query : queries) {
            CountingQuery counting = new CountingQuery(query, Math.max(k, efSearch));
            searcher.rewrite(counting);
            visited += counting.visited;
        }
        return visited / (double) queries.length / documents;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }

    /** A Lucene k-NN query that keeps the visited count its per-segment searches report as their total hits. */
    private static final class CountingQuery extends KnnFloatVectorQuery {
        private long visited;

        CountingQuery(float[] target, int k) {
            super(FIELD, target, k);
        }

        @Override
        protected TopDocs mergeLeafResults(TopDocs[] perLeafResults) {
            for (TopDocs leaf : List.of(perLeafResults)) {
                visited += leaf.totalHits.value();
            }
            return super.mergeLeafResults(perLeafResults);
        }
    }
}
