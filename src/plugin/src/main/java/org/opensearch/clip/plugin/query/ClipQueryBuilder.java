package org.opensearch.clip.plugin.query;

import org.apache.lucene.search.Query;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.fingerprint.QueryFieldCheck;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.ivf.IvfModelStore;
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
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.QueryCoordinatorContext;
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
 * The {@code clip} query: texts and/or an image (or a document's stored vector, {@code query_document}), minus
 * {@code negative_text}, combined into one vector once on the coordinating node during query rewrite (texts and image
 * by the embedding service, in its query lane; see {@link QueryVectorRecipe}), or a ready {@code query_vector}; then
 * searched by the method asked for: rewritten into
 * the k-NN plugin's {@code knn} query (HNSW, or whatever a faiss field was built with), or into an exact scan of the
 * documents that pass the filter, restricted for IVF to the {@code nprobes} lists nearest to the vector.
 */
public final class ClipQueryBuilder extends AbstractQueryBuilder<ClipQueryBuilder> {
    /** The query's name in the query DSL. */
    public static final String NAME = "clip";
    /** The number of neighbours asked for when neither {@code k} nor a radial limit is given. */
    public static final int DEFAULT_K = 10;
    /** The IVF lists probed when {@code nprobes} is not given: one list in this many (rounded up), see docs/knn-methods.md. */
    public static final int DEFAULT_NPROBES_DIVISOR = 16;

    static final ParseField QUERY_TEXT = new ParseField("query_text");
    static final ParseField QUERY_IMAGE = new ParseField("query_image");
    static final ParseField QUERY_VECTOR = new ParseField("query_vector");
    static final ParseField QUERY_DOCUMENT = new ParseField(QueryDocument.NAME);
    static final ParseField NEGATIVE_TEXT = new ParseField("negative_text");
    static final ParseField NEGATIVE_WEIGHT = new ParseField("negative_weight");
    /** The weight of the negative texts' mean when {@code negative_weight} is not given. */
    public static final float DEFAULT_NEGATIVE_WEIGHT = 0.5f;
    static final ParseField TEXT_WEIGHT = new ParseField("text_weight");
    static final ParseField IMAGE_WEIGHT = new ParseField("image_weight");
    static final ParseField K = new ParseField("k");
    static final ParseField MIN_SCORE = new ParseField("min_score");
    static final ParseField MAX_DISTANCE = new ParseField("max_distance");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField METHOD = new ParseField("method");
    static final ParseField METHOD_PARAMETERS = new ParseField("method_parameters");
    static final ParseField IVF_MODEL = new ParseField("ivf_model");
    static final ParseField MODEL = new ParseField("model");
    static final String NPROBES = "nprobes";

    private final String fieldName;
    private final List<String> queryTexts;
    private final String queryImage;
    private final float[] queryVector;
    private final QueryDocument queryDocument;
    private final List<String> negativeTexts;
    private final float negativeWeight;
    private final float textWeight;
    private final float imageWeight;
    private final Integer k;
    private final Float minScore;
    private final Float maxDistance;
    private final QueryBuilder filter;
    private final SearchMethod method;
    private final Map<String, Object> methodParameters;
    private final IvfModelRef ivfModel;
    private final String model;
    private final float[] vector;
    // node-local, never serialised: the services, and what an asynchronous rewrite step is fetching
    private final Services services;
    private final Supplier<QueryVector> pendingVector;
    private final Supplier<IvfModel> pendingIvfModel;

    /** The node services the query needs while it is rewritten on the coordinating node. */
    public record Services(Supplier<EmbeddingService> embeddings, Supplier<IvfModelStore> ivfModels, Supplier<QueryFieldCheck> fields) {
        /** Services without the field check (tests without a cluster). */
        public Services(Supplier<EmbeddingService> embeddings, Supplier<IvfModelStore> ivfModels) {
            this(embeddings, ivfModels, () -> null);
        }
    }

    ClipQueryBuilder(ClipQueryOptions b, float[] vector, Supplier<QueryVector> pendingVector, Supplier<IvfModel> pendingIvfModel) {
        this.fieldName = b.fieldName;
        this.queryTexts = b.queryTexts;
        this.queryImage = b.queryImage;
        this.queryVector = b.queryVector;
        this.queryDocument = b.queryDocument;
        this.negativeTexts = b.negativeTexts;
        this.negativeWeight = b.negativeWeight;
        this.textWeight = b.textWeight;
        this.imageWeight = b.imageWeight;
        this.k = b.k;
        this.minScore = b.minScore;
        this.maxDistance = b.maxDistance;
        this.filter = b.filter;
        this.method = b.method;
        this.methodParameters = b.methodParameters;
        this.ivfModel = b.ivfModel;
        this.model = b.model;
        this.services = b.services;
        this.vector = vector;
        this.pendingVector = pendingVector;
        this.pendingIvfModel = pendingIvfModel;
    }

    /** Reads a query sent by another node. */
    public ClipQueryBuilder(StreamInput in, Services services) throws IOException {
        super(in);
        this.fieldName = in.readString();
        this.queryTexts = in.readStringList();
        this.queryImage = in.readOptionalString();
        this.queryVector = in.readBoolean() ? in.readFloatArray() : null;
        this.queryDocument = in.readBoolean() ? QueryDocument.read(in) : null;
        this.negativeTexts = in.readStringList();
        this.negativeWeight = in.readFloat();
        this.textWeight = in.readFloat();
        this.imageWeight = in.readFloat();
        this.k = in.readOptionalVInt();
        this.minScore = in.readOptionalFloat();
        this.maxDistance = in.readOptionalFloat();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.method = in.readEnum(SearchMethod.class);
        this.methodParameters = in.readBoolean() ? in.readMap() : null;
        this.ivfModel = in.readBoolean() ? IvfModelRef.parse(in.readString()) : null;
        this.model = in.readOptionalString();
        this.vector = in.readBoolean() ? in.readFloatArray() : null;
        this.services = services;
        this.pendingVector = null;
        this.pendingIvfModel = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        if (pendingVector != null || pendingIvfModel != null) {
            throw new IllegalStateException("the clip query must be rewritten (its embedding computed) before it is sent");
        }
        out.writeString(fieldName);
        // every node of a cluster runs the same plugin build, and the query is rewritten (into a knn or exact query) on the
        // coordinating node before shards see it, so the query's own wire format needs no version gate
        out.writeStringCollection(queryTexts);
        out.writeOptionalString(queryImage);
        out.writeBoolean(queryVector != null);
        if (queryVector != null) {
            out.writeFloatArray(queryVector);
        }
        out.writeBoolean(queryDocument != null);
        if (queryDocument != null) {
            queryDocument.writeTo(out);
        }
        out.writeStringCollection(negativeTexts);
        out.writeFloat(negativeWeight);
        out.writeFloat(textWeight);
        out.writeFloat(imageWeight);
        out.writeOptionalVInt(k);
        out.writeOptionalFloat(minScore);
        out.writeOptionalFloat(maxDistance);
        out.writeOptionalNamedWriteable(filter);
        out.writeEnum(method);
        out.writeBoolean(methodParameters != null);
        if (methodParameters != null) {
            out.writeMap(methodParameters);
        }
        out.writeBoolean(ivfModel != null);
        if (ivfModel != null) {
            out.writeString(ivfModel.toString());
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

    /** The number of nearest neighbours asked for, or null for a radial search. */
    public Integer k() {
        return k;
    }

    /** How the field is searched. */
    public SearchMethod method() {
        return method;
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
        if (vector == null) {
            return embeddingStep(context);
        }
        return switch (method) {
            case HNSW -> toKnnQuery(context);
            case EXACT -> new ExactKnnQueryBuilder(fieldName, vector, k, minScore, maxDistance, filter, null).boost(boost)
                .queryName(queryName);
            case IVF -> ivfStep(context);
        };
    }

    private QueryBuilder embeddingStep(QueryRewriteContext context) {
        if (queryVector != null) {
            return copy(queryVector, null, null);
        }
        if (pendingVector != null) {
            QueryVector computed = pendingVector.get();
            if (computed == null) {
                return this;
            }
            ClipQueryOptions b = toBuilder();
            if (computed.exclude() != null) {
                b.filter = filter == null ? computed.exclude() : QueryBuilders.boolQuery().filter(filter).filter(computed.exclude());
            }
            return new ClipQueryBuilder(b, computed.vector(), null, null).boost(boost).queryName(queryName);
        }
        EmbeddingService service = services.embeddings().get();
        List<QueryVectorRecipe.Item> items = recipe();
        if (items.stream().anyMatch(item -> item.part() != null)) {
            service.registry().resolveName(model); // unknown model: 400 now, before any work is queued
            QueryCoordinatorContext coordinator = context.convertToCoordinatorContext();
            QueryFieldCheck fields = services.fields().get();
            if (coordinator != null && fields != null && coordinator.getSearchRequest() != null) {
                // another model than the one that filled the field: 400 naming both, before anything is embedded
                fields.check(coordinator.getSearchRequest(), fieldName, service.registry(), model);
            }
        }
        SetOnce<QueryVector> embedding = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> {
            if (queryDocument == null) {
                QueryVectorRecipe.combine(service, model, items, null, ActionListener.wrap(vector -> {
                    embedding.set(new QueryVector(vector, null));
                    listener.onResponse(null);
                }, listener::onFailure));
                return;
            }
            QueryDocumentReader.read(client, queryDocument, fieldName, ActionListener.wrap(found -> QueryVectorRecipe.combine(service,
                model, items, found.vector(), ActionListener.wrap(vector -> {
                    embedding.set(new QueryVector(vector, queryDocument.exclude() ? found.exclusion() : null));
                    listener.onResponse(null);
                }, listener::onFailure)), listener::onFailure));
        });
        return copy(null, embedding::get, null);
    }

    /** A computed query vector, and the filter that keeps the query document out of the hits (or null). */
    record QueryVector(float[] vector, QueryBuilder exclude) {}

    private QueryBuilder ivfStep(QueryRewriteContext context) {
        if (pendingIvfModel != null) {
            IvfModel resolved = pendingIvfModel.get();
            if (resolved == null) {
                return this;
            }
            int nprobes = methodParameters == null || methodParameters.get(NPROBES) == null
                ? defaultNprobes(resolved.nlist())
                : ((Number) methodParameters.get(NPROBES)).intValue();
            IvfCandidates candidates;
            try {
                candidates = IvfCandidates.probe(resolved, vector, nprobes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + NAME + "] " + e.getMessage(), e);
            }
            return new ExactKnnQueryBuilder(fieldName, vector, k, minScore, maxDistance, filter, candidates).boost(boost).queryName(queryName);
        }
        SetOnce<IvfModel> resolved = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> services.ivfModels().get().resolveTrained(ivfModel, ActionListener.wrap(m -> {
            resolved.set(m);
            listener.onResponse(null);
        }, e -> listener.onFailure(e instanceof IllegalArgumentException ? new IllegalArgumentException("[" + NAME + "] " + e.getMessage(), e) : e))));
        return copy(vector, null, resolved::get);
    }

    /** The lists probed when the query does not say: {@code ceil(nlist / 16)}. */
    public static int defaultNprobes(int nlist) {
        return (nlist + DEFAULT_NPROBES_DIVISOR - 1) / DEFAULT_NPROBES_DIVISOR;
    }

    private ClipQueryBuilder copy(float[] embedded, Supplier<QueryVector> embedding, Supplier<IvfModel> ivf) {
        return new ClipQueryBuilder(toBuilder(), embedded, embedding, ivf).boost(boost).queryName(queryName);
    }

    /**
     * The query vector's terms: each {@code query_text} with {@code text_weight / n}, the {@code query_image} or
     * {@code query_document} with {@code image_weight}, each {@code negative_text} with {@code -negative_weight / m};
     * the vector is the L2-normalised sum (docs/zero-shot.md).
     */
    private List<QueryVectorRecipe.Item> recipe() {
        List<QueryVectorRecipe.Item> items = new ArrayList<>();
        for (String text : queryTexts) {
            items.add(QueryVectorRecipe.Item.text("[" + NAME + "] " + QUERY_TEXT.getPreferredName(), text,
                (double) textWeight / queryTexts.size()));
        }
        if (queryImage != null) {
            items.add(QueryVectorRecipe.Item.image("[" + NAME + "] " + QUERY_IMAGE.getPreferredName(), queryImage, imageWeight));
        }
        if (queryDocument != null) {
            items.add(QueryVectorRecipe.Item.stored(imageWeight));
        }
        for (String text : negativeTexts) {
            items.add(QueryVectorRecipe.Item.text("[" + NAME + "] " + NEGATIVE_TEXT.getPreferredName(), text,
                -(double) negativeWeight / negativeTexts.size()));
        }
        return items;
    }

    private QueryBuilder toKnnQuery(QueryRewriteContext context) throws IOException {
        XContentBuilder json = XContentFactory.jsonBuilder();
        json.startObject().startObject("knn").startObject(fieldName);
        json.field("vector", vector);
        if (k != null) {
            json.field(K.getPreferredName(), k);
        }
        if (minScore != null) {
            json.field(MIN_SCORE.getPreferredName(), minScore);
        }
        if (maxDistance != null) {
            json.field(MAX_DISTANCE.getPreferredName(), maxDistance);
        }
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
        throw new IllegalStateException("the clip query must be rewritten into a k-NN query before it runs on a shard");
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.startObject(fieldName);
        textOrTexts(builder, QUERY_TEXT, queryTexts);
        if (queryImage != null) {
            builder.field(QUERY_IMAGE.getPreferredName(), queryImage);
        }
        if (queryVector != null) {
            builder.field(QUERY_VECTOR.getPreferredName(), queryVector);
        }
        if (queryDocument != null) {
            queryDocument.toXContent(builder);
        }
        if (!negativeTexts.isEmpty()) {
            textOrTexts(builder, NEGATIVE_TEXT, negativeTexts);
            builder.field(NEGATIVE_WEIGHT.getPreferredName(), negativeWeight);
        }
        builder.field(TEXT_WEIGHT.getPreferredName(), textWeight);
        builder.field(IMAGE_WEIGHT.getPreferredName(), imageWeight);
        if (k != null) {
            builder.field(K.getPreferredName(), k);
        }
        if (minScore != null) {
            builder.field(MIN_SCORE.getPreferredName(), minScore);
        }
        if (maxDistance != null) {
            builder.field(MAX_DISTANCE.getPreferredName(), maxDistance);
        }
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        builder.field(METHOD.getPreferredName(), method.label());
        if (methodParameters != null) {
            builder.field(METHOD_PARAMETERS.getPreferredName(), methodParameters);
        }
        if (ivfModel != null) {
            builder.field(IVF_MODEL.getPreferredName(), ivfModel.toString());
        }
        if (model != null) {
            builder.field(MODEL.getPreferredName(), model);
        }
        printBoostAndQueryName(builder);
        builder.endObject();
        builder.endObject();
    }

    /** One text as a string, several as an array, none not at all. */
    private static void textOrTexts(XContentBuilder builder, ParseField option, List<String> texts) throws IOException {
        if (texts.size() == 1) {
            builder.field(option.getPreferredName(), texts.get(0));
        } else if (!texts.isEmpty()) {
            builder.field(option.getPreferredName(), texts);
        }
    }

    @Override
    protected boolean doEquals(ClipQueryBuilder other) {
        return fieldName.equals(other.fieldName)
            && queryTexts.equals(other.queryTexts)
            && Objects.equals(queryImage, other.queryImage)
            && Arrays.equals(queryVector, other.queryVector)
            && Objects.equals(queryDocument, other.queryDocument)
            && negativeTexts.equals(other.negativeTexts)
            && negativeWeight == other.negativeWeight
            && textWeight == other.textWeight
            && imageWeight == other.imageWeight
            && Objects.equals(k, other.k)
            && Objects.equals(minScore, other.minScore)
            && Objects.equals(maxDistance, other.maxDistance)
            && Objects.equals(filter, other.filter)
            && method == other.method
            && Objects.equals(methodParameters, other.methodParameters)
            && Objects.equals(ivfModel, other.ivfModel)
            && Objects.equals(model, other.model)
            && Arrays.equals(vector, other.vector)
            && Objects.equals(pendingVector, other.pendingVector)
            && Objects.equals(pendingIvfModel, other.pendingIvfModel);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(fieldName, queryTexts, queryImage, Arrays.hashCode(queryVector), queryDocument, negativeTexts, negativeWeight,
            textWeight, imageWeight, k, minScore,
            maxDistance, filter, method, methodParameters, ivfModel, model, Arrays.hashCode(vector), pendingVector, pendingIvfModel);
    }

    private ClipQueryOptions toBuilder() {
        ClipQueryOptions b = new ClipQueryOptions(fieldName, services);
        b.queryTexts = queryTexts;
        b.queryImage = queryImage;
        b.queryVector = queryVector;
        b.queryDocument = queryDocument;
        b.negativeTexts = negativeTexts;
        b.negativeWeight = negativeWeight;
        b.textWeight = textWeight;
        b.imageWeight = imageWeight;
        b.k = k;
        b.minScore = minScore;
        b.maxDistance = maxDistance;
        b.filter = filter;
        b.method = method;
        b.methodParameters = methodParameters;
        b.ivfModel = ivfModel;
        b.model = model;
        return b;
    }

    /**
     * Parses {@code {"<field>": {"query_text": ..., "query_image": ..., "k": ..., ...}}} (the body of {@code clip}); see
     * {@link ClipQueryParser}.
     */
    public static ClipQueryBuilder fromXContent(XContentParser parser, Services services) throws IOException {
        return ClipQueryParser.parse(parser, services);
    }

}
