package org.opensearch.clip.plugin.embed;

import java.util.List;

/**
 * The service's answer: the model that computed the vectors and one result per input, in request order.
 *
 * @param model   the model's name
 * @param version the model's version
 * @param results one result per input
 */
public record EmbeddingResponse(String model, String version, List<EmbeddingResult> results) {}
