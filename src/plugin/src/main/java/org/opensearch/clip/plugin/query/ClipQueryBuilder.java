package org.opensearch.clip.plugin.query;

import org.apache.lucene.search.Query;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.plugin.inference.Inference;
import org.opensearch.clip.plugin.inference.InferenceService;
import org.opensearch.common.SetOnce;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code clip} query: a text and/or an image, embedded once on the coordinating node during query rewrite (on
 * the inference thread pool), then rewritten into the k-NN plugin's {@code knn} query on a vector field.
 */
public final class ClipQueryBuilder extends AbstractQueryBuilder<ClipQueryBuilder> {
    /** The query's name in the query DSL. */
    public static final String NAME = "clip";
    /** The number of neighbours asked for when {@code k} is not given. */
    public static final int DEFAULT_K = 10;

    static final ParseField QUERY_TEXT = new ParseField("query_text");
    static final ParseField QUERY_IMAGE = new ParseField("query_image");
    static final ParseField TEXT_WEIGHT = new ParseField("text_weight");
    static final ParseField IMAGE_WEIGHT = new ParseField("image_weight");
    static final ParseField K = new ParseField("k");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField METHOD_PARAMETERS = new ParseField("method_parameters");
    static final ParseField MODEL = new ParseField("model");

    private final String fieldName;
    private final String queryText;
    private final String queryImage;
    private final float textWeight;
    private final float imageWeight;
    private final int k;
    private final QueryBuilder filter;
    private final Map<String, Object> methodParameters;
    private final String model;
    private final float[] vector;
    // node-local, never serialised: the service that embeds, and a vector being embedded during rewrite
    private final Supplier<InferenceService> inference;
    private final Supplier<float[]> pendingVector;

    private ClipQueryBuilder(Builder b, float[] vector, Supplier<float[]> pendingVector) {
        this.fieldName = b.fieldName;
        this.queryText = b.queryText;
        this.queryImage = b.queryImage;
        this.textWeight = b.textWeight;
        this.imageWeight = b.imageWeight;
        this.k = b.k;
        this.filter = b.filter;
        this.methodParameters = b.methodParameters;
        this.model = b.model;
        this.inference = b.inference;
        this.vector = vector;
        this.pendingVector = pendingVector;
    }

    /** Reads a query sent by another node. */
    public ClipQueryBuilder(StreamInput in, Supplier<InferenceService> inference) throws IOException {
        super(in);
        this.fieldName = in.readString();
        this.queryText = in.readOptionalString();
        this.queryImage = in.readOptionalString();
        this.textWeight = in.readFloat();
        this.imageWeight = in.readFloat();
        this.k = in.readVInt();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.methodParameters = in.readBoolean() ? in.readMap() : null;
        this.model = in.readOptionalString();
        this.vector = in.readBoolean() ? in.readFloatArray() : null;
        this.inference = inference;
        this.pendingVector = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        if (pendingVector != null) {
            throw new IllegalStateException("the clip query must be rewritten (its embedding computed) before it is sent");
        }
        out.writeString(fieldName);
        out.writeOptionalString(queryText);
        out.writeOptionalString(queryImage);
        out.writeFloat(textWeight);
        out.writeFloat(imageWeight);
        out.writeVInt(k);
        out.writeOptionalNamedWriteable(filter);
        out.writeBoolean(methodParameters != null);
        if (methodParameters != null) {
            out.writeMap(methodParameters);
        }
        out.writeOptionalString(model);
        out.writeBoolean(vector != null);
        if (vector != null) {
            out.writeFloatArray(vector);
        }
    }

    /** The vector field searched. */
    public String fieldName() {
        return fieldName;
    }

    /** The number of nearest neighbours asked for. */
    public int k() {
        return k;
    }

    /** The query embedding, once computed. */
    public float[] vector() {
        return vector;
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (vector != null) {
            return toKnnQuery(context);
        }
        if (pendingVector != null) {
            float[] computed = pendingVector.get();
            return computed == null ? this : new ClipQueryBuilder(toBuilder(), computed, null).boost(boost).queryName(queryName);
        }
        InferenceService service = inference.get();
        service.registry().resolveName(model); // unknown model: 400 now, before any work is queued
        SetOnce<float[]> embedding = new SetOnce<>();
        context.registerAsyncAction(
            (client, listener) -> service.run(model, this::embed, ActionListener.wrap(v -> {
                embedding.set(v);
                listener.onResponse(null);
            }, listener::onFailure))
        );
        return new ClipQueryBuilder(toBuilder(), null, embedding::get).boost(boost).queryName(queryName);
    }

    private float[] embed(Inference inference) {
        List<float[]> parts = new ArrayList<>(2);
        List<Double> weights = new ArrayList<>(2);
        if (queryText != null) {
            parts.add(inference.embedTexts(List.of(queryText))[0]);
            weights.add((double) textWeight);
        }
        if (queryImage != null) {
            float[] pixels;
            try {
                pixels = inference.pixels(queryImage);
            } catch (ImageDecodeException e) {
                throw new IllegalArgumentException("[" + NAME + "] " + QUERY_IMAGE.getPreferredName() + ": cannot use the image: "
                    + e.getMessage(), e);
            }
            parts.add(inference.embedImages(List.of(pixels))[0]);
            weights.add((double) imageWeight);
        }
        return parts.size() == 1 ? parts.get(0) : Vectors.weightedMean(parts, weights);
    }

    private QueryBuilder toKnnQuery(QueryRewriteContext context) throws IOException {
        XContentBuilder json = XContentFactory.jsonBuilder();
        json.startObject().startObject("knn").startObject(fieldName);
        json.field("vector", vector);
        json.field("k", k);
        if (filter != null) {
            json.field(FILTER.getPreferredName(), filter);
        }
        if (methodParameters != null) {
            json.field(METHOD_PARAMETERS.getPreferredName(), methodParameters);
        }
        json.field(BOOST_FIELD.getPreferredName(), boost);
        if (queryName != null) {
            json.field(NAME_FIELD.getPreferredName(), queryName);
        }
        json.endObject().endObject().endObject();
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                context.getXContentRegistry(),
                DeprecationHandler.IGNORE_DEPRECATIONS,
                BytesReference.bytes(json).streamInput()
            )
        ) {
            return parseInnerQueryBuilder(parser);
        }
    }

    @Override
    protected Query doToQuery(QueryShardContext context) {
        throw new IllegalStateException("the clip query must be rewritten into a knn query before it runs on a shard");
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.startObject(fieldName);
        if (queryText != null) {
            builder.field(QUERY_TEXT.getPreferredName(), queryText);
        }
        if (queryImage != null) {
            builder.field(QUERY_IMAGE.getPreferredName(), queryImage);
        }
        builder.field(TEXT_WEIGHT.getPreferredName(), textWeight);
        builder.field(IMAGE_WEIGHT.getPreferredName(), imageWeight);
        builder.field(K.getPreferredName(), k);
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        if (methodParameters != null) {
            builder.field(METHOD_PARAMETERS.getPreferredName(), methodParameters);
        }
        if (model != null) {
            builder.field(MODEL.getPreferredName(), model);
        }
        printBoostAndQueryName(builder);
        builder.endObject();
        builder.endObject();
    }

    @Override
    protected boolean doEquals(ClipQueryBuilder other) {
        return fieldName.equals(other.fieldName)
            && Objects.equals(queryText, other.queryText)
            && Objects.equals(queryImage, other.queryImage)
            && textWeight == other.textWeight
            && imageWeight == other.imageWeight
            && k == other.k
            && Objects.equals(filter, other.filter)
            && Objects.equals(methodParameters, other.methodParameters)
            && Objects.equals(model, other.model)
            && Arrays.equals(vector, other.vector)
            && Objects.equals(pendingVector, other.pendingVector);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(fieldName, queryText, queryImage, textWeight, imageWeight, k, filter, methodParameters, model,
            Arrays.hashCode(vector), pendingVector);
    }

    private Builder toBuilder() {
        Builder b = new Builder(fieldName, inference);
        b.queryText = queryText;
        b.queryImage = queryImage;
        b.textWeight = textWeight;
        b.imageWeight = imageWeight;
        b.k = k;
        b.filter = filter;
        b.methodParameters = methodParameters;
        b.model = model;
        return b;
    }

    /**
     * Parses {@code {"<field>": {"query_text": ..., "query_image": ..., "k": ..., ...}}} (the body of {@code clip}).
     */
    public static ClipQueryBuilder fromXContent(XContentParser parser, Supplier<InferenceService> inference) throws IOException {
        String fieldName = null;
        Builder b = null;
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
                b = new Builder(fieldName, inference);
                String option = null;
                while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
                    if (token == XContentParser.Token.FIELD_NAME) {
                        option = parser.currentName();
                    } else if (QUERY_TEXT.match(option, parser.getDeprecationHandler())) {
                        b.queryText = string(parser, QUERY_TEXT);
                    } else if (QUERY_IMAGE.match(option, parser.getDeprecationHandler())) {
                        b.queryImage = string(parser, QUERY_IMAGE);
                    } else if (TEXT_WEIGHT.match(option, parser.getDeprecationHandler())) {
                        b.textWeight = number(parser, TEXT_WEIGHT);
                    } else if (IMAGE_WEIGHT.match(option, parser.getDeprecationHandler())) {
                        b.imageWeight = number(parser, IMAGE_WEIGHT);
                    } else if (K.match(option, parser.getDeprecationHandler())) {
                        b.k = integer(parser, K);
                    } else if (FILTER.match(option, parser.getDeprecationHandler())) {
                        b.filter = parseInnerQueryBuilder(object(parser, FILTER, "a query object"));
                    } else if (METHOD_PARAMETERS.match(option, parser.getDeprecationHandler())) {
                        b.methodParameters = object(parser, METHOD_PARAMETERS, "an object").map();
                    } else if (MODEL.match(option, parser.getDeprecationHandler())) {
                        b.model = string(parser, MODEL);
                    } else if (BOOST_FIELD.match(option, parser.getDeprecationHandler())) {
                        boost = number(parser, BOOST_FIELD);
                    } else if (NAME_FIELD.match(option, parser.getDeprecationHandler())) {
                        queryName = string(parser, NAME_FIELD);
                    } else {
                        throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] does not support [" + option
                            + "]; it takes query_text, query_image, text_weight, image_weight, k, filter, method_parameters, model, boost, _name");
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

    /** The parsed options of a clip query, validated as a whole. */
    static final class Builder {
        final String fieldName;
        final Supplier<InferenceService> inference;
        String queryText;
        String queryImage;
        float textWeight = 1f;
        float imageWeight = 1f;
        int k = DEFAULT_K;
        QueryBuilder filter;
        Map<String, Object> methodParameters;
        String model;

        Builder(String fieldName, Supplier<InferenceService> inference) {
            this.fieldName = fieldName;
            this.inference = inference;
        }

        ClipQueryBuilder build(XContentParser parser) {
            String problem = null;
            if (queryText == null && queryImage == null) {
                problem = "needs query_text, query_image or both";
            } else if (queryText != null && queryText.isBlank()) {
                problem = "query_text must not be empty";
            } else if (queryImage != null && queryImage.isBlank()) {
                problem = "query_image must not be empty";
            } else if (k < 1 || k > 10_000) {
                problem = "k must be between 1 and 10000, got " + k;
            } else if (textWeight < 0 || imageWeight < 0) {
                problem = "text_weight and image_weight must not be negative";
            } else if (queryText != null && queryImage != null && textWeight + imageWeight == 0) {
                problem = "text_weight and image_weight must not both be 0";
            }
            if (problem != null) {
                throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] on field [" + fieldName + "]: " + problem);
            }
            return new ClipQueryBuilder(this, null, null);
        }
    }
}
