package org.opensearch.clip.plugin.zeroshot.classify;

import org.opensearch.clip.plugin.zeroshot.LabelSource;

import java.util.List;

/**
 * A parsed {@code _classify} request: what to classify (images, or stored vectors of documents), into which labels,
 * and how many labels to answer with.
 *
 * @param model          the model, or null for the default
 * @param images         images as {@code ImageSource} accepts them, or empty
 * @param documents      documents whose stored vectors are classified, or null
 * @param labels         the labels and templates
 * @param topK           the most labels per input
 * @param minProbability labels below this probability are left out
 */
public record ClassifySpec(String model, List<String> images, Documents documents, LabelSource labels, int topK, double minProbability) {

    /**
     * Documents to classify by their stored vectors.
     *
     * @param index the index
     * @param ids   the document ids
     * @param field the vector field
     */
    public record Documents(String index, List<String> ids, String field) {}
}
