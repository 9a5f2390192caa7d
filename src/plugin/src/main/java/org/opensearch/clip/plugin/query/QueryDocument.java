package org.opensearch.clip.plugin.query;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;

/**
 * The {@code query_document} of a {@code clip} query: search with the vector a document already holds ("more like
 * this one"), read from its {@code _source} on the coordinating node; {@code exclude} (default true) keeps the
 * document itself out of the hits.
 *
 * @param index   the document's index
 * @param id      the document's id
 * @param field   the vector field to read, or null for the field searched
 * @param exclude whether the document itself is kept out of the hits
 */
public record QueryDocument(String index, String id, String field, boolean exclude) {
    static final String NAME = "query_document";

    /** Reads one sent by another node. */
    static QueryDocument read(StreamInput in) throws IOException {
        return new QueryDocument(in.readString(), in.readString(), in.readOptionalString(), in.readBoolean());
    }

    void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeString(id);
        out.writeOptionalString(field);
        out.writeBoolean(exclude);
    }

    void toXContent(XContentBuilder builder) throws IOException {
        builder.startObject(NAME).field("index", index).field("id", id);
        if (field != null) {
            builder.field("field", field);
        }
        builder.field("exclude", exclude).endObject();
    }

    /** The vector field read: the one named, or the field searched. */
    String fieldOr(String searched) {
        return field != null ? field : searched;
    }

    /** Parses {@code {"index": ..., "id": ..., "field"?: ..., "exclude"?: true|false}}, the parser on its START_OBJECT. */
    static QueryDocument parse(XContentParser parser) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_OBJECT) {
            throw error(parser, "must be an object {\"index\", \"id\", \"field\"?, \"exclude\"?}, found " + parser.currentToken());
        }
        String index = null;
        String id = null;
        String field = null;
        boolean exclude = true;
        String option = null;
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
            if (token == XContentParser.Token.FIELD_NAME) {
                option = parser.currentName();
                continue;
            }
            switch (option) {
                case "index" -> index = text(parser, option);
                case "id" -> id = text(parser, option);
                case "field" -> field = text(parser, option);
                case "exclude" -> {
                    if (token != XContentParser.Token.VALUE_BOOLEAN) {
                        throw error(parser, "[exclude] must be true or false, found " + token);
                    }
                    exclude = parser.booleanValue();
                }
                default -> throw error(parser, "does not support [" + option + "]; it takes index, id, field, exclude");
            }
        }
        if (index == null || id == null) {
            throw error(parser, "needs [index] and [id]: the document whose vector is searched with");
        }
        return new QueryDocument(index, id, field, exclude);
    }

    private static String text(XContentParser parser, String option) throws IOException {
        if (parser.currentToken() != XContentParser.Token.VALUE_STRING || parser.text().isBlank()) {
            throw error(parser, "[" + option + "] must be a non-empty string, found " + parser.currentToken());
        }
        return parser.text();
    }

    private static ParsingException error(XContentParser parser, String problem) {
        return new ParsingException(parser.getTokenLocation(), "[" + ClipQueryBuilder.NAME + "] [" + NAME + "] " + problem);
    }
}
