package org.opensearch.clip.plugin.bench;

/**
 * Vectors to index and vectors to query with, none of the queries among the documents.
 *
 * @param name        short name, used in index names
 * @param description what the vectors are, for the report
 * @param docs        the documents' vectors
 * @param queries     the query vectors
 */
record Dataset(String name, String description, float[][] docs, float[][] queries) {
    int dimension() {
        return docs[0].length;
    }
}
