package org.opensearch.clip.plugin.query.exact;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.encoder.ivf.VectorScorer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Exact k-NN on one shard: every live document that matches the filter (all documents with a vector when there is
 * none) has its vector scored against the target with the k-NN plugin's score for the space; the shard keeps its k
 * best, or every document scoring at least {@code minScore}. With IVF the filter holds the probed lists.
 */
public final class ExactKnnQuery extends Query {
    private final String field;
    private final float[] target;
    private final SpaceType space;
    private final int k;
    private final float minScore;
    private final Query filter;

    /**
     * @param k        the number of best documents to keep, or 0 for a radial search by {@code minScore}
     * @param minScore the radial threshold (ignored when k is positive)
     * @param filter   the documents that may be scored, or null for all
     */
    public ExactKnnQuery(String field, float[] target, SpaceType space, int k, float minScore, Query filter) {
        this.field = Objects.requireNonNull(field);
        this.target = target.clone();
        this.space = Objects.requireNonNull(space);
        this.k = k;
        this.minScore = minScore;
        this.filter = filter;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Weight filterWeight = filter == null ? null : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        ScoreSink sink = k > 0 ? ScoreSink.best(k) : ScoreSink.atLeast(minScore);
        VectorScorer scorer = space.scorer(target);
        long scored = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            scored += scoreLeaf(leaf, filterWeight, scorer, sink);
        }
        return new ScoredDocsQuery(searcher.getIndexReader().getContext().id(), field, sink.result(), scored);
    }

    private long scoreLeaf(LeafReaderContext leaf, Weight filterWeight, VectorScorer scorer, ScoreSink sink) throws IOException {
        LeafVectors vectors = LeafVectors.open(leaf.reader(), field);
        if (vectors == null) {
            return 0;
        }
        DocIdSetIterator candidates;
        if (filterWeight == null) {
            candidates = vectors.documents();
        } else {
            Scorer filterScorer = filterWeight.scorer(leaf);
            if (filterScorer == null) {
                return 0;
            }
            candidates = filterScorer.iterator();
        }
        Bits live = leaf.reader().getLiveDocs();
        long scored = 0;
        for (int doc = candidates.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = candidates.nextDoc()) {
            if (live != null && !live.get(doc)) {
                continue;
            }
            float[] vector = vectors.vector(doc);
            if (vector == null) {
                continue;
            }
            if (vector.length != target.length) {
                throw new IllegalArgumentException("field [" + field + "] holds vectors of " + vector.length
                    + " dimensions, the query vector has " + target.length);
            }
            sink.offer(leaf.docBase + doc, scorer.score(vector));
            scored++;
        }
        return scored;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) {
            visitor.visitLeaf(this);
        }
        if (filter != null) {
            filter.visit(visitor.getSubVisitor(BooleanClause.Occur.FILTER, this));
        }
    }

    @Override
    public String toString(String defaultField) {
        return "ExactKnn[" + field + ", " + space.label() + (k > 0 ? ", k=" + k : ", min_score=" + minScore)
            + (filter == null ? "" : ", filter=" + filter) + "]";
    }

    @Override
    public boolean equals(Object other) {
        if (!sameClassAs(other)) {
            return false;
        }
        ExactKnnQuery that = (ExactKnnQuery) other;
        return field.equals(that.field) && Arrays.equals(target, that.target) && space == that.space && k == that.k
            && Float.compare(minScore, that.minScore) == 0 && Objects.equals(filter, that.filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, Arrays.hashCode(target), space, k, minScore, filter);
    }
}
