package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of an exact k-NN scan of one shard: fixed documents with fixed scores, valid only for the reader they
 * were computed on. Its description says how many documents were scored, which the profile API shows.
 */
final class ScoredDocsQuery extends Query {
    private final Object readerId;
    private final String field;
    private final ScoredDocs hits;
    private final long scored;

    ScoredDocsQuery(Object readerId, String field, ScoredDocs hits, long scored) {
        this.readerId = readerId;
        this.field = field;
        this.hits = hits;
        this.scored = scored;
    }

    /** How many documents had their vector scored to produce these hits. */
    long scored() {
        return scored;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        if (searcher.getIndexReader().getContext().id() != readerId) {
            throw new IllegalStateException("exact k-NN hits of field [" + field + "] were computed on another index reader");
        }
        return new Weight(this) {
            @Override
            public Explanation explain(LeafReaderContext context, int doc) {
                int at = Arrays.binarySearch(hits.docs(), context.docBase + doc);
                return at < 0
                    ? Explanation.noMatch("not among the exact k-NN hits of field [" + field + "]")
                    : Explanation.match(hits.scores()[at] * boost, "exact k-NN score of field [" + field + "]");
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) {
                int from = firstAtLeast(context.docBase);
                int to = firstAtLeast(context.docBase + context.reader().maxDoc());
                return from == to ? null : new DefaultScorerSupplier(new HitsScorer(from, to, context.docBase, boost));
            }

            @Override
            public int count(LeafReaderContext context) {
                return firstAtLeast(context.docBase + context.reader().maxDoc()) - firstAtLeast(context.docBase);
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return false;
            }
        };
    }

    private int firstAtLeast(int doc) {
        int at = Arrays.binarySearch(hits.docs(), doc);
        return at >= 0 ? at : -at - 1;
    }

    /** Walks the hits of one segment, positions [from, to) of the hit arrays. */
    private final class HitsScorer extends Scorer {
        private final int from;
        private final int to;
        private final int docBase;
        private final float boost;
        private int at;

        HitsScorer(int from, int to, int docBase, float boost) {
            this.from = from;
            this.to = to;
            this.docBase = docBase;
            this.boost = boost;
            this.at = from - 1;
        }

        @Override
        public int docID() {
            return at < from ? -1 : at >= to ? DocIdSetIterator.NO_MORE_DOCS : hits.docs()[at] - docBase;
        }

        @Override
        public float score() {
            return hits.scores()[at] * boost;
        }

        @Override
        public float getMaxScore(int upTo) {
            float max = 0;
            for (int i = Math.max(at, from); i < to && hits.docs()[i] - docBase <= upTo; i++) {
                max = Math.max(max, hits.scores()[i]);
            }
            return max * boost;
        }

        @Override
        public DocIdSetIterator iterator() {
            return new DocIdSetIterator() {
                @Override
                public int docID() {
                    return HitsScorer.this.docID();
                }

                @Override
                public int nextDoc() {
                    at = Math.min(at + 1, to);
                    return docID();
                }

                @Override
                public int advance(int target) {
                    int found = Arrays.binarySearch(hits.docs(), Math.max(at + 1, from), to, target + docBase);
                    at = found >= 0 ? found : -found - 1;
                    return docID();
                }

                @Override
                public long cost() {
                    return to - from;
                }
            };
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String defaultField) {
        return "ExactKnnHits[" + field + ", hits=" + hits.size() + ", scored=" + scored + "]";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other)
            && readerId == ((ScoredDocsQuery) other).readerId
            && field.equals(((ScoredDocsQuery) other).field)
            && Arrays.equals(hits.docs(), ((ScoredDocsQuery) other).hits.docs())
            && Arrays.equals(hits.scores(), ((ScoredDocsQuery) other).hits.scores());
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), System.identityHashCode(readerId), field, Arrays.hashCode(hits.docs()),
            Arrays.hashCode(hits.scores()));
    }
}
