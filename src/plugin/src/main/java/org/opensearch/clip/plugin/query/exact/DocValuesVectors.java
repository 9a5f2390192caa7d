package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A segment's vectors held as binary doc values, as the k-NN plugin stores a {@code knn_vector} field of an index
 * with {@code index.knn: false}: the floats one after the other, big-endian.
 */
final class DocValuesVectors implements LeafVectors {
    private final LeafReader reader;
    private final String field;
    private final BinaryDocValues values;
    private float[] buffer = new float[0];

    DocValuesVectors(LeafReader reader, String field) throws IOException {
        this.reader = reader;
        this.field = field;
        this.values = reader.getBinaryDocValues(field);
    }

    @Override
    public DocIdSetIterator documents() throws IOException {
        return reader.getBinaryDocValues(field);
    }

    @Override
    public float[] vector(int doc) throws IOException {
        if (values.docID() < doc) {
            values.advance(doc);
        }
        if (values.docID() != doc) {
            return null;
        }
        BytesRef bytes = values.binaryValue();
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("field [" + field + "] of document " + doc + " holds " + bytes.length
                + " bytes, not a float vector");
        }
        int dimension = bytes.length / Float.BYTES;
        if (buffer.length != dimension) {
            buffer = new float[dimension];
        }
        ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(buffer);
        return buffer;
    }
}
