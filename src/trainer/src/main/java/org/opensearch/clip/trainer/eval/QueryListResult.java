package org.opensearch.clip.trainer.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * How a list of target queries fared: for each query the rank of its best intended picture (0 when first; -1 when
 * no intended picture was among the searched images), and whether the query occurs in a training caption (such a
 * query is reported but not scored, since the list is meant to measure words the model never saw as captions).
 *
 * @param queries    the queries, in file order
 * @param ranks      the best rank of an intended picture per query
 * @param inCaptions whether the query occurs, as whole words, in some caption of the dataset
 */
public record QueryListResult(List<TargetQuery> queries, int[] ranks, boolean[] inCaptions) {
    /** The share of scored queries whose intended picture is within the first {@code k}. */
    public double hitRate(int k) {
        int scored = 0;
        int hits = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (!inCaptions[i] && ranks[i] >= 0) {
                scored++;
                hits += ranks[i] < k ? 1 : 0;
            }
        }
        return scored == 0 ? 0 : (double) hits / scored;
    }

    /** The number of queries that count (not in a caption, intended picture present). */
    public int scored() {
        int scored = 0;
        for (int i = 0; i < ranks.length; i++) {
            scored += !inCaptions[i] && ranks[i] >= 0 ? 1 : 0;
        }
        return scored;
    }

    /** One line: hits at 1 and 10. */
    public String summary() {
        return String.format(Locale.ROOT, "target queries: %d scored of %d; intended picture first %.3f, in top 10 %.3f",
            scored(), queries.size(), hitRate(1), hitRate(10));
    }

    /** The result as JSON, every query with its rank (1-based; null when not found). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("queries", queries.size());
        json.addProperty("scored", scored());
        json.addProperty("top1", hitRate(1));
        json.addProperty("top10", hitRate(10));
        JsonArray rows = new JsonArray();
        for (int i = 0; i < ranks.length; i++) {
            JsonObject row = new JsonObject();
            row.addProperty("query", queries.get(i).query());
            row.addProperty("rank", ranks[i] < 0 ? null : ranks[i] + 1);
            if (inCaptions[i]) {
                row.addProperty("in_captions", true);
            }
            rows.add(row);
        }
        json.add("results", rows);
        return json;
    }
}
