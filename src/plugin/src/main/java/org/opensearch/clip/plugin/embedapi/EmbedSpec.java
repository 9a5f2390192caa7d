package org.opensearch.clip.plugin.embedapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code _embed} request: {@code {"model"?: "...", "texts"?: [...], "images"?: [...]}}.
 *
 * @param model  the model, or null for the default
 * @param texts  the texts
 * @param images the images, as {@code ImageSource} accepts them
 */
public record EmbedSpec(String model, List<String> texts, List<String> images) {
    /** The most texts and images one request may carry. */
    public static final int MAX_ITEMS = 1000;
    private static final Set<String> OPTIONS = Set.of("model", "texts", "images");

    /** Parses a body, refusing unknown options and wrong types with a message naming the option. */
    public static EmbedSpec parse(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("[_embed] unknown option [" + key + "]; it takes [images, model, texts]");
            }
        }
        Object model = body.get("model");
        if (model != null && (!(model instanceof String s) || s.isBlank())) {
            throw new IllegalArgumentException("[_embed] [model] must be a non-empty string, got [" + model + "]");
        }
        List<String> texts = strings(body.get("texts"), "texts");
        List<String> images = strings(body.get("images"), "images");
        if (texts.isEmpty() && images.isEmpty()) {
            throw new IllegalArgumentException("[_embed] needs [texts] or [images] (or both): arrays of strings");
        }
        if (texts.size() + images.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("[_embed] embeds at most " + MAX_ITEMS + " texts and images per request, got "
                + (texts.size() + images.size()));
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                throw new IllegalArgumentException("[_embed] [texts] item " + i + " is empty");
            }
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).isBlank()) {
                throw new IllegalArgumentException("[_embed] [images] item " + i + " is empty");
            }
        }
        return new EmbedSpec((String) model, texts, images);
    }

    private static List<String> strings(Object value, String option) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("[_embed] [" + option + "] must be an array of strings, got [" + value + "]");
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw new IllegalArgumentException("[_embed] [" + option + "] must hold only strings, found [" + item + "]");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return List.copyOf(strings);
    }
}
