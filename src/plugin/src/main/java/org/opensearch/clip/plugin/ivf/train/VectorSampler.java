package org.opensearch.clip.plugin.ivf.train;

import org.opensearch.action.search.ClearScrollRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchScrollRequest;
import org.opensearch.common.lucene.search.function.CombineFunction;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.functionscore.FunctionScoreQueryBuilder;
import org.opensearch.index.query.functionscore.ScoreFunctionBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Reads a uniform random sample of a field's vectors from {@code _source}. Each document with the field is kept with
 * probability {@code p} (a seeded {@code random_score} on {@code _seq_no} with a {@code min_score}, so only kept
 * documents are fetched), {@code p} a little above {@code wanted / count}; the surplus is dropped at random. The
 * same index and seed give the same sample.
 */
final class VectorSampler {
    private static final int PAGE = 1000;
    private static final double OVERSAMPLE = 1.1;
    private static final TimeValue KEEP_ALIVE = TimeValue.timeValueMinutes(5);

    private final Client client;

    VectorSampler(Client client) {
        this.client = client;
    }

    /** Counts the documents that have the field. */
    void count(String index, String field, ActionListener<Long> listener) {
        SearchRequest request = new SearchRequest(index).source(
            new SearchSourceBuilder().query(QueryBuilders.existsQuery(field)).size(0).trackTotalHits(true)
        );
        client.search(request, ActionListener.wrap(response -> listener.onResponse(response.getHits().getTotalHits().value()),
            listener::onFailure));
    }

    /** Samples {@code wanted} vectors (all of them when there are fewer) of {@code count} documents with the field. */
    void sample(String index, String field, int dimension, int wanted, long count, long seed, IvfTrainingTask task,
        ActionListener<float[][]> listener) {
        double p = Math.min(1.0, OVERSAMPLE * wanted / Math.max(1, count));
        QueryBuilder query = QueryBuilders.existsQuery(field);
        if (p < 1.0) {
            query = new FunctionScoreQueryBuilder(query, ScoreFunctionBuilders.randomFunction().seed(seed).setField("_seq_no"))
                .boostMode(CombineFunction.REPLACE)
                .setMinScore((float) (1.0 - p));
        }
        SearchRequest request = new SearchRequest(index).scroll(KEEP_ALIVE).source(
            new SearchSourceBuilder().query(query).size(PAGE).sort("_doc", SortOrder.ASC).fetchSource(new String[] {field}, null)
        );
        List<float[]> vectors = new ArrayList<>();
        client.search(request, new Pages(field, dimension, wanted, seed, task, vectors, listener));
    }

    /** Collects the pages of the scroll, then clears it and answers. */
    private final class Pages implements ActionListener<SearchResponse> {
        private final String field;
        private final int dimension;
        private final int wanted;
        private final long seed;
        private final IvfTrainingTask task;
        private final List<float[]> vectors;
        private final ActionListener<float[][]> listener;

        Pages(String field, int dimension, int wanted, long seed, IvfTrainingTask task, List<float[]> vectors,
            ActionListener<float[][]> listener) {
            this.field = field;
            this.dimension = dimension;
            this.wanted = wanted;
            this.seed = seed;
            this.task = task;
            this.vectors = vectors;
            this.listener = listener;
        }

        @Override
        public void onResponse(SearchResponse response) {
            String scrollId = response.getScrollId();
            try {
                if (task.isCancelled()) {
                    throw new TaskCancelledException("cancelled while sampling: " + task.getReasonCancelled());
                }
                SearchHit[] hits = response.getHits().getHits();
                for (SearchHit hit : hits) {
                    vectors.add(vectorOf(hit));
                }
                task.sampled(vectors.size());
                if (hits.length > 0) {
                    client.searchScroll(new SearchScrollRequest(scrollId).scroll(KEEP_ALIVE), this);
                    return;
                }
            } catch (Exception e) {
                finish(scrollId, () -> listener.onFailure(e));
                return;
            }
            finish(scrollId, () -> {
                Collections.shuffle(vectors, new Random(seed));
                List<float[]> kept = vectors.size() > wanted ? vectors.subList(0, wanted) : vectors;
                listener.onResponse(kept.toArray(new float[0][]));
            });
        }

        private float[] vectorOf(SearchHit hit) {
            Object value = XContentMapValues.extractValue(field, hit.getSourceAsMap());
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException("document [" + hit.getId() + "] of index [" + hit.getIndex() + "] has no vector in [" + field
                    + "] in its _source; training reads vectors from _source");
            }
            if (list.size() != dimension) {
                throw new IllegalArgumentException("document [" + hit.getId() + "] has " + list.size() + " values in [" + field
                    + "], the field's dimension is " + dimension);
            }
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                vector[i] = ((Number) list.get(i)).floatValue();
            }
            return vector;
        }

        @Override
        public void onFailure(Exception e) {
            listener.onFailure(e);
        }

        private void finish(String scrollId, Runnable then) {
            if (scrollId == null) {
                then.run();
                return;
            }
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            client.clearScroll(clear, ActionListener.wrap(r -> then.run(), e -> then.run()));
        }
    }
}
