package org.opensearch.clip.plugin.query;

import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.get.GetRequest;
import org.opensearch.clip.plugin.vectors.StoredVectors;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.transport.client.Client;

/**
 * Reads the vector of a {@code query_document} with a get of its {@code _source} (as the searching user: a document
 * the user may not read cannot be searched with), and builds the filter that keeps it out of the hits: {@code must_not}
 * that id in that concrete index, so a document with the same id in another searched index stays.
 */
final class QueryDocumentReader {
    private QueryDocumentReader() {}

    /** The document's vector and its exclusion filter. */
    record Found(float[] vector, QueryBuilder exclusion) {}

    static void read(Client client, QueryDocument document, String searchedField, ActionListener<Found> listener) {
        String field = document.fieldOr(searchedField);
        GetRequest get = new GetRequest(document.index(), document.id())
            .fetchSourceContext(new FetchSourceContext(true, new String[] {field}, null));
        client.get(get, ActionListener.wrap(response -> {
            String name = "[" + document.index() + "][" + document.id() + "]";
            if (!response.isExists()) {
                listener.onFailure(new ResourceNotFoundException("[clip] query_document " + name + " does not exist"));
                return;
            }
            float[] vector;
            try {
                vector = StoredVectors.fromSource(response.getSourceAsMap(), field, name);
            } catch (IllegalArgumentException e) {
                listener.onFailure(new IllegalArgumentException("[clip] query_document: " + e.getMessage(), e));
                return;
            }
            QueryBuilder self = QueryBuilders.boolQuery()
                .filter(QueryBuilders.termQuery("_index", response.getIndex()))
                .filter(QueryBuilders.idsQuery().addIds(response.getId()));
            listener.onResponse(new Found(vector, QueryBuilders.boolQuery().mustNot(self)));
        }, listener::onFailure));
    }
}
