package org.opensearch.clip.plugin.query;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a vector (a JSON array of numbers) from a query body. */
final class VectorParsing {
    private VectorParsing() {}

    static float[] floats(XContentParser parser, String where) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_ARRAY) {
            throw new ParsingException(parser.getTokenLocation(), "[" + where + "] must be an array of numbers");
        }
        List<Float> values = new ArrayList<>();
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
            if (token != XContentParser.Token.VALUE_NUMBER) {
                throw new ParsingException(parser.getTokenLocation(), "[" + where + "] must be an array of numbers, found " + token);
            }
            float value = parser.floatValue();
            if (!Float.isFinite(value)) {
                throw new ParsingException(parser.getTokenLocation(), "[" + where + "] must hold finite numbers");
            }
            values.add(value);
        }
        if (values.isEmpty()) {
            throw new ParsingException(parser.getTokenLocation(), "[" + where + "] must not be empty");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
