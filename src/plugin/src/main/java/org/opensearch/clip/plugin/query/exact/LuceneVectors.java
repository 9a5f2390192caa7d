package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.DocIdSetIterator;

import java.io.IOException;

/** A segment's vectors held as Lucene float vector values (an index with {@code index.knn: true}). */
final class LuceneVectors implements LeafVectors {
    private final FloatVectorValues values;
    private final KnnVectorValues.DocIndexIterator cursor;

    LuceneVectors(LeafReader reader, String field) throws IOException {
        this.values = reader.getFloatVectorValues(field);
        this.cursor = values.iterator();
    }

    @Override
    public DocIdSetIterator documents() throws IOException {
        return values.copy().iterator();
    }

    @Override
    public float[] vector(int doc) throws IOException {
        if (cursor.docID() < doc) {
            cursor.advance(doc);
        }
        return cursor.docID() == doc ? values.vectorValue(cursor.index()) : null;
    }
}
