package org.opensearch.clip.plugin.query;

import java.util.Locale;

/** How a {@code clip} query searches its vector field. */
public enum SearchMethod {
    /**
     * The k-NN plugin's own {@code knn} query: HNSW on a Lucene-engine field ({@code ef_search}); on a faiss field
     * whatever method it was built with, its {@code method_parameters} (e.g. {@code nprobes}) passed through unchanged.
     */
    HNSW,
    /** The plugin's IVF on Lucene: the {@code nprobes} nearest lists of an IVF model, their documents scored exactly. */
    IVF,
    /** Every document that passes the filter, scored exactly: the ground truth. */
    EXACT;

    /** The name used in queries. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code hnsw}, {@code ivf} or {@code exact}. */
    public static SearchMethod fromLabel(String label) {
        for (SearchMethod method : values()) {
            if (method.label().equals(label)) {
                return method;
            }
        }
        throw new IllegalArgumentException("method [" + label + "] must be one of [hnsw, ivf, exact]");
    }
}
