package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.DocIdSetIterator;

import java.io.IOException;

/**
 * The float vectors of one {@code knn_vector} field in one segment, asked for in increasing document order. A field
 * of an index with {@code index.knn: true} holds Lucene vector values; with {@code index.knn: false} the k-NN plugin
 * keeps each vector as binary doc values instead (no graph is built), which IVF and exact search read just as well.
 */
interface LeafVectors {
    /**
     * Opens a segment's vectors of a field: null when the segment has none.
     *
     * @throws IllegalArgumentException when the field holds something other than float vectors
     */
    static LeafVectors open(LeafReader reader, String field) throws IOException {
        FieldInfo info = reader.getFieldInfos().fieldInfo(field);
        if (info == null) {
            return null;
        }
        if (info.hasVectorValues()) {
            if (info.getVectorEncoding() != VectorEncoding.FLOAT32) {
                throw new IllegalArgumentException("field [" + field + "] holds " + info.getVectorEncoding()
                    + " vectors; exact and IVF search need float vectors");
            }
            return new LuceneVectors(reader, field);
        }
        if (info.getDocValuesType() == DocValuesType.BINARY) {
            return new DocValuesVectors(reader, field);
        }
        throw new IllegalArgumentException("field [" + field + "] has no vector values to score");
    }

    /** Every document of the segment that has a vector, in order (a fresh iterator). */
    DocIdSetIterator documents() throws IOException;

    /** The vector of a document, or null when it has none; a later call may reuse the returned array. */
    float[] vector(int doc) throws IOException;
}
