package org.opensearch.clip.plugin.testcluster;

import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain Java values (ordered maps, lists, strings, numbers, booleans, null) with OpenSearch's
 * own XContent, plus dotted-path lookups such as {@code hits.hits.0._id}.
 */
public final class Json {
    private Json() {}

    /** Parses a JSON document (object or array). */
    public static Object parse(String json) {
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                json
            )
        ) {
            XContentParser.Token first = parser.nextToken();
            if (first == XContentParser.Token.START_ARRAY) {
                return parser.listOrderedMap();
            }
            if (first == XContentParser.Token.START_OBJECT) {
                return parser.mapOrdered();
            }
            throw new IllegalArgumentException("not a JSON object or array: " + abbreviate(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse JSON: " + abbreviate(json), e);
        }
    }

    /** Writes a map, list or scalar as compact JSON. */
    public static String write(Object value) {
        try (XContentBuilder builder = XContentFactory.jsonBuilder()) {
            builder.value(value);
            return BytesReference.bytes(builder).utf8ToString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The value at a dotted path: object keys and list indices separated by dots ({@code nodes.*.models.0.name}
     * takes {@code *} as the first value of an object). Fails with the document when a step is missing.
     */
    public static Object at(Object root, String path) {
        Object current = root;
        if (path.isEmpty()) {
            return current;
        }
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                if (step.equals("*")) {
                    if (map.isEmpty()) {
                        throw new IllegalArgumentException("no [" + path + "]: empty object at [" + step + "] in " + abbreviate(write(root)));
                    }
                    current = map.values().iterator().next();
                } else if (map.containsKey(step)) {
                    current = map.get(step);
                } else {
                    throw new IllegalArgumentException("no [" + path + "]: no key [" + step + "] in " + abbreviate(write(root)));
                }
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(step);
                if (index >= list.size()) {
                    throw new IllegalArgumentException("no [" + path + "]: index " + index + " of a list of " + list.size()
                        + " in " + abbreviate(write(root)));
                }
                current = list.get(index);
            } else {
                throw new IllegalArgumentException("no [" + path + "]: cannot take [" + step + "] of " + abbreviate(write(current)));
            }
        }
        return current;
    }

    /** Whether a dotted path exists (see {@link #at}). */
    public static boolean has(Object root, String path) {
        try {
            at(root, path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "... (" + text.length() + " chars)";
    }
}
