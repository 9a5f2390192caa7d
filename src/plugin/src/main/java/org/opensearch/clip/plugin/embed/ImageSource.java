package org.opensearch.clip.plugin.embed;

import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageInput;
import org.opensearch.clip.encoder.decode.ImageLimits;

import java.util.Locale;

/**
 * Where an image comes from, as a document or a query gives it: base64, a base64 {@code data:} URI, or an
 * {@code http(s)} URL, recognised from the value.
 */
public final class ImageSource {
    /** The kinds of value an image can be given as. */
    public enum Kind {
        /** Base64 or a base64 data URI, decoded in place. */
        INLINE,
        /** An http or https URL, fetched under the outbound policy. */
        URL
    }

    private final String value;
    private final Kind kind;

    private ImageSource(String value, Kind kind) {
        this.value = value;
        this.kind = kind;
    }

    /** Recognises a value: an {@code http://} or {@code https://} prefix makes it a URL, anything else inline data. */
    public static ImageSource of(String value) {
        String head = value.stripLeading();
        String lower = head.length() < 8 ? head.toLowerCase(Locale.ROOT) : head.substring(0, 8).toLowerCase(Locale.ROOT);
        boolean url = lower.startsWith("http://") || lower.startsWith("https://");
        return new ImageSource(url ? head.strip() : value, url ? Kind.URL : Kind.INLINE);
    }

    /** The kind of value. */
    public Kind kind() {
        return kind;
    }

    /** The value as given (a URL, or the base64 text). */
    public String value() {
        return value;
    }

    /** The encoded image bytes of an inline value, refused before decoding when over {@code limits}. */
    public byte[] inlineBytes(ImageLimits limits) throws ImageDecodeException {
        if (kind != Kind.INLINE) {
            throw new IllegalStateException("a URL source is fetched, not decoded in place");
        }
        return ImageInput.toBytes(value, limits);
    }

    /** The value's identity for de-duplication within one request: equal values are embedded once. */
    String key() {
        return value;
    }
}
