package org.opensearch.clip.plugin.query;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.opensearch.clip.plugin.query.ClipQueryBuilder.FILTER;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.IMAGE_WEIGHT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.IVF_MODEL;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.K;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.MAX_DISTANCE;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.METHOD;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.METHOD_PARAMETERS;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.MIN_SCORE;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.MODEL;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.NAME;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.NEGATIVE_TEXT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.NEGATIVE_WEIGHT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.QUERY_DOCUMENT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.QUERY_IMAGE;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.QUERY_TEXT;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.QUERY_VECTOR;
import static org.opensearch.clip.plugin.query.ClipQueryBuilder.TEXT_WEIGHT;
import static org.opensearch.index.query.AbstractQueryBuilder.BOOST_FIELD;
import static org.opensearch.index.query.AbstractQueryBuilder.DEFAULT_BOOST;
import static org.opensearch.index.query.AbstractQueryBuilder.NAME_FIELD;
import static org.opensearch.index.query.AbstractQueryBuilder.parseInnerQueryBuilder;

/**
 * Parses the body of a {@code clip} query into {@link ClipQueryOptions}, refusing a wrong type with a message naming the
 * option; the options are then validated as a whole by {@link ClipQueryOptions#build}.
 */
final class ClipQueryParser {
    private ClipQueryParser() {}

    /**
     * Parses {@code {"<field>": {"query_text": ..., "query_image": ..., "k": ..., ...}}} (the body of {@code clip}).
     */
    static ClipQueryBuilder parse(XContentParser parser, ClipQueryBuilder.Services services) throws IOException {
        String fieldName = null;
        ClipQueryOptions b = null;
        float boost = DEFAULT_BOOST;
        String queryName = null;
        XContentParser.Token token;
        String current = null;
        while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
            if (token == XContentParser.Token.FIELD_NAME) {
                current = parser.currentName();
            } else if (token == XContentParser.Token.START_OBJECT) {
                if (fieldName != null) {
                    throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] searches one field, found [" + fieldName
                        + "] and [" + current + "]");
                }
                fieldName = current;
                b = new ClipQueryOptions(fieldName, services);
                String option = null;
                while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
                    if (token == XContentParser.Token.FIELD_NAME) {
                        option = parser.currentName();
                    } else if (QUERY_TEXT.match(option, parser.getDeprecationHandler())) {
                        b.queryTexts = strings(parser, QUERY_TEXT);
                    } else if (NEGATIVE_TEXT.match(option, parser.getDeprecationHandler())) {
                        b.negativeTexts = strings(parser, NEGATIVE_TEXT);
                    } else if (NEGATIVE_WEIGHT.match(option, parser.getDeprecationHandler())) {
                        b.negativeWeight = number(parser, NEGATIVE_WEIGHT);
                        b.negativeWeightGiven = true;
                    } else if (QUERY_DOCUMENT.match(option, parser.getDeprecationHandler())) {
                        b.queryDocument = QueryDocument.parse(parser);
                    } else if (QUERY_IMAGE.match(option, parser.getDeprecationHandler())) {
                        b.queryImage = string(parser, QUERY_IMAGE);
                    } else if (QUERY_VECTOR.match(option, parser.getDeprecationHandler())) {
                        b.queryVector = VectorParsing.floats(parser, NAME + "." + option);
                    } else if (TEXT_WEIGHT.match(option, parser.getDeprecationHandler())) {
                        b.textWeight = number(parser, TEXT_WEIGHT);
                    } else if (IMAGE_WEIGHT.match(option, parser.getDeprecationHandler())) {
                        b.imageWeight = number(parser, IMAGE_WEIGHT);
                    } else if (K.match(option, parser.getDeprecationHandler())) {
                        b.k = integer(parser, K);
                    } else if (MIN_SCORE.match(option, parser.getDeprecationHandler())) {
                        b.minScore = number(parser, MIN_SCORE);
                    } else if (MAX_DISTANCE.match(option, parser.getDeprecationHandler())) {
                        b.maxDistance = number(parser, MAX_DISTANCE);
                    } else if (FILTER.match(option, parser.getDeprecationHandler())) {
                        b.filter = parseInnerQueryBuilder(object(parser, FILTER, "a query object"));
                    } else if (METHOD.match(option, parser.getDeprecationHandler())) {
                        b.methodLabel = string(parser, METHOD);
                    } else if (METHOD_PARAMETERS.match(option, parser.getDeprecationHandler())) {
                        b.methodParameters = object(parser, METHOD_PARAMETERS, "an object").map();
                    } else if (IVF_MODEL.match(option, parser.getDeprecationHandler())) {
                        b.ivfModelLabel = string(parser, IVF_MODEL);
                    } else if (MODEL.match(option, parser.getDeprecationHandler())) {
                        b.model = string(parser, MODEL);
                    } else if (BOOST_FIELD.match(option, parser.getDeprecationHandler())) {
                        boost = number(parser, BOOST_FIELD);
                    } else if (NAME_FIELD.match(option, parser.getDeprecationHandler())) {
                        queryName = string(parser, NAME_FIELD);
                    } else {
                        throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] does not support [" + option
                            + "]; it takes query_text, query_image, query_document, query_vector, negative_text, negative_weight, text_weight, "
                            + "image_weight, k, min_score, max_distance, filter, method, method_parameters, ivf_model, model, boost, _name");
                    }
                }
            } else {
                throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] expects {\"<vector field>\": {...}}, found ["
                    + current + "] = " + token);
            }
        }
        if (b == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] needs a vector field: {\"<vector field>\": {...}}");
        }
        return b.build(parser).boost(boost).queryName(queryName);
    }

    private static ParsingException wrongType(XContentParser parser, ParseField option, String expected) {
        return new ParsingException(parser.getTokenLocation(), "[" + NAME + "] [" + option.getPreferredName() + "] must be " + expected);
    }

    /** The current token as a string option; any other JSON type (object, array, null, number) is refused. */
    private static String string(XContentParser parser, ParseField option) throws IOException {
        if (parser.currentToken() != XContentParser.Token.VALUE_STRING) {
            throw wrongType(parser, option, "a string, found " + parser.currentToken());
        }
        return parser.text();
    }

    /** The current token as one string or an array of strings (at least one, none empty). */
    private static List<String> strings(XContentParser parser, ParseField option) throws IOException {
        if (parser.currentToken() == XContentParser.Token.VALUE_STRING) {
            return List.of(parser.text());
        }
        if (parser.currentToken() != XContentParser.Token.START_ARRAY) {
            throw wrongType(parser, option, "a string or an array of strings, found " + parser.currentToken());
        }
        List<String> out = new ArrayList<>();
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
            if (token != XContentParser.Token.VALUE_STRING) {
                throw wrongType(parser, option, "a string or an array of strings, found " + token + " in the array");
            }
            out.add(parser.text());
        }
        if (out.isEmpty()) {
            throw wrongType(parser, option, "a string or a non-empty array of strings, found []");
        }
        return List.copyOf(out);
    }

    /** The current token as a finite number (a JSON number or a numeric string). */
    private static float number(XContentParser parser, ParseField option) throws IOException {
        XContentParser.Token token = parser.currentToken();
        if (token != XContentParser.Token.VALUE_NUMBER && token != XContentParser.Token.VALUE_STRING) {
            throw wrongType(parser, option, "a number, found " + token);
        }
        String text = parser.text();
        try {
            float value = Float.parseFloat(text);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw wrongType(parser, option, "a number, got [" + text + "]");
    }

    /** The current token as a whole number (a JSON integer or an integer string). */
    private static int integer(XContentParser parser, ParseField option) throws IOException {
        XContentParser.Token token = parser.currentToken();
        if (token != XContentParser.Token.VALUE_NUMBER && token != XContentParser.Token.VALUE_STRING) {
            throw wrongType(parser, option, "an integer, found " + token);
        }
        String text = parser.text();
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw wrongType(parser, option, "an integer, got [" + text + "]");
        }
    }

    /** Checks that the current token starts an object and returns the parser, positioned on it. */
    private static XContentParser object(XContentParser parser, ParseField option, String expected) {
        if (parser.currentToken() != XContentParser.Token.START_OBJECT) {
            throw wrongType(parser, option, expected + ", found " + parser.currentToken());
        }
        return parser;
    }
}
