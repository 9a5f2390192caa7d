package org.opensearch.clip.plugin.it;

import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One search hit: id, score and source (empty when _source was not returned). */
record Hit(String id, double score, Map<String, Object> source) {

    /** The hits of a search answer, in order; fails with the answer if the search failed. */
    @SuppressWarnings("unchecked")
    static List<Hit> of(RestResponse search) {
        search.assertOk();
        List<Hit> hits = new ArrayList<>();
        for (Object item : search.list("hits.hits")) {
            Map<String, Object> hit = (Map<String, Object>) item;
            Object source = hit.get("_source");
            hits.add(new Hit(
                String.valueOf(hit.get("_id")),
                ((Number) hit.get("_score")).doubleValue(),
                source == null ? Map.of() : (Map<String, Object>) source
            ));
        }
        return hits;
    }

    /** The ids of hits, in order. */
    static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }

    /** A source field as a string. */
    String field(String name) {
        Object value = source.get(name);
        return value == null ? null : value.toString();
    }
}
