package org.opensearch.clip.plugin.query;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.plugin.ivf.IvfListField;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.knn.KnnVectorMapping;
import org.opensearch.clip.plugin.query.exact.ExactKnnQuery;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.mapper.KeywordFieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
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

/**
 * The form a {@code clip} query with method {@code exact} or {@code ivf} takes on the shards: a query vector, the
 * limit (k, or a radial {@code min_score} / {@code max_distance}), an optional filter and, for IVF, the probed lists.
 * On each shard the field's mapping is checked (dimension; for IVF the model's space and the list field) and the
 * matching documents are scored exactly by {@link ExactKnnQuery}.
 */
public final class ExactKnnQueryBuilder extends AbstractQueryBuilder<ExactKnnQueryBuilder> {
    /** The query's name; usable directly with a vector, though the {@code clip} query is the documented way in. */
    public static final String NAME = "clip_exact";

    private final String field;
    private final float[] vector;
    private final Integer k;
    private final Float minScore;
    private final Float maxDistance;
    private final QueryBuilder filter;
    private final IvfCandidates ivf;

    /** Exactly one of k, minScore and maxDistance is set. */
    public ExactKnnQueryBuilder(String field, float[] vector, Integer k, Float minScore, Float maxDistance, QueryBuilder filter,
        IvfCandidates ivf) {
        int limits = (k == null ? 0 : 1) + (minScore == null ? 0 : 1) + (maxDistance == null ? 0 : 1);
        if (limits != 1) {
            throw new IllegalArgumentException("[" + NAME + "] needs exactly one of k, min_score and max_distance");
        }
        this.field = Objects.requireNonNull(field);
        this.vector = vector;
        this.k = k;
        this.minScore = minScore;
        this.maxDistance = maxDistance;
        this.filter = filter;
        this.ivf = ivf;
    }

    /** Reads a query sent by another node. */
    public ExactKnnQueryBuilder(StreamInput in) throws IOException {
        super(in);
        this.field = in.readString();
        this.vector = in.readFloatArray();
        this.k = in.readOptionalVInt();
        this.minScore = in.readOptionalFloat();
        this.maxDistance = in.readOptionalFloat();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.ivf = in.readOptionalWriteable(IvfCandidates::read);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(field);
        out.writeFloatArray(vector);
        out.writeOptionalVInt(k);
        out.writeOptionalFloat(minScore);
        out.writeOptionalFloat(maxDistance);
        out.writeOptionalNamedWriteable(filter);
        out.writeOptionalWriteable(ivf);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (filter == null) {
            return this;
        }
        QueryBuilder rewritten = filter.rewrite(context);
        return rewritten == filter ? this
            : new ExactKnnQueryBuilder(field, vector, k, minScore, maxDistance, rewritten, ivf).boost(boost).queryName(queryName);
    }

    @Override
    protected Query doToQuery(QueryShardContext context) throws IOException {
        KnnVectorMapping mapping = ShardVectorField.of(context, field);
        if (mapping.dimension() != vector.length) {
            throw new IllegalArgumentException("field [" + field + "] has dimension " + mapping.dimension() + ", the query vector has "
                + vector.length);
        }
        BooleanQuery.Builder candidates = new BooleanQuery.Builder();
        if (filter != null) {
            candidates.add(filter.toQuery(context), BooleanClause.Occur.FILTER);
        }
        if (ivf != null) {
            candidates.add(probedLists(context, mapping), BooleanClause.Occur.FILTER);
        }
        BooleanQuery combined = candidates.build();
        Query candidateFilter = combined.clauses().isEmpty() ? null : combined;
        float threshold = minScore != null ? minScore : maxDistance != null ? mapping.space().distanceToScore(maxDistance) : Float.NaN;
        return new ExactKnnQuery(field, vector, mapping.space(), k == null ? 0 : k, threshold, candidateFilter);
    }

    private Query probedLists(QueryShardContext context, KnnVectorMapping mapping) {
        if (ivf.space() != mapping.space()) {
            throw new IllegalArgumentException("IVF model [" + ivf.model() + "] was trained for space type " + ivf.space().label()
                + ", field [" + field + "] uses " + mapping.space().label());
        }
        if (ivf.dimension() != mapping.dimension()) {
            throw new IllegalArgumentException("IVF model [" + ivf.model() + "] has dimension " + ivf.dimension() + ", field [" + field
                + "] has " + mapping.dimension());
        }
        String listField = IvfListField.of(field);
        MappedFieldType lists = context.fieldMapper(listField);
        if (lists == null) {
            throw new IllegalArgumentException("index [" + context.index().getName() + "] has no field [" + listField + "]: map it as "
                + "keyword and index documents through a clip_embedding or clip_ivf processor with ivf_model [" + ivf.model().name() + "]");
        }
        if (!KeywordFieldMapper.CONTENT_TYPE.equals(lists.typeName())) {
            throw new IllegalArgumentException("field [" + listField + "] must be mapped as keyword, it is [" + lists.typeName() + "]");
        }
        return lists.termsQuery(ivf.listValues(), context);
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.startObject(field);
        builder.field("vector", vector);
        if (k != null) {
            builder.field("k", k);
        }
        if (minScore != null) {
            builder.field("min_score", minScore);
        }
        if (maxDistance != null) {
            builder.field("max_distance", maxDistance);
        }
        if (filter != null) {
            builder.field("filter", filter);
        }
        if (ivf != null) {
            ivf.toXContent(builder);
        }
        printBoostAndQueryName(builder);
        builder.endObject();
        builder.endObject();
    }

    /** Parses the form {@link #doXContent} writes. */
    @SuppressWarnings("unchecked")
    public static ExactKnnQueryBuilder fromXContent(XContentParser parser) throws IOException {
        String field = null;
        float[] vector = null;
        Integer k = null;
        Float minScore = null;
        Float maxDistance = null;
        QueryBuilder filter = null;
        IvfCandidates ivf = null;
        float boost = DEFAULT_BOOST;
        String queryName = null;
        if (parser.nextToken() != XContentParser.Token.FIELD_NAME) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] expects {\"<vector field>\": {...}}");
        }
        field = parser.currentName();
        if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] expects {\"<vector field>\": {...}}");
        }
        String option = null;
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
            if (token == XContentParser.Token.FIELD_NAME) {
                option = parser.currentName();
                continue;
            }
            switch (option) {
                case "vector" -> vector = VectorParsing.floats(parser, NAME + "." + option);
                case "k" -> k = parser.intValue();
                case "min_score" -> minScore = parser.floatValue();
                case "max_distance" -> maxDistance = parser.floatValue();
                case "filter" -> filter = parseInnerQueryBuilder(parser);
                case "ivf" -> ivf = ivfFrom(parser.map());
                case "boost" -> boost = parser.floatValue();
                case "_name" -> queryName = parser.text();
                default -> throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] does not support [" + option + "]");
            }
        }
        parser.nextToken(); // the query's closing brace
        if (vector == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] needs a vector");
        }
        try {
            return new ExactKnnQueryBuilder(field, vector, k, minScore, maxDistance, filter, ivf).boost(boost).queryName(queryName);
        } catch (IllegalArgumentException e) {
            throw new ParsingException(parser.getTokenLocation(), e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static IvfCandidates ivfFrom(Map<String, Object> map) {
        List<Number> lists = (List<Number>) map.get("lists");
        int[] probed = new int[lists.size()];
        for (int i = 0; i < probed.length; i++) {
            probed[i] = lists.get(i).intValue();
        }
        return new IvfCandidates(IvfModelRef.parse((String) map.get("model")), SpaceType.fromLabel((String) map.get("space_type")),
            ((Number) map.get("dimension")).intValue(), probed);
    }

    @Override
    protected boolean doEquals(ExactKnnQueryBuilder other) {
        return field.equals(other.field) && Arrays.equals(vector, other.vector) && Objects.equals(k, other.k)
            && Objects.equals(minScore, other.minScore) && Objects.equals(maxDistance, other.maxDistance)
            && Objects.equals(filter, other.filter) && Objects.equals(ivf, other.ivf);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(field, Arrays.hashCode(vector), k, minScore, maxDistance, filter, ivf);
    }
}
