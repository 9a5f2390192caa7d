package org.opensearch.clip.encoder.decode;

import java.util.Base64;
import java.util.Locale;

/**
 * Turns a document's string value into encoded image bytes: plain base64 (standard or URL-safe alphabet,
 * padding optional, whitespace and line breaks ignored) or a base64 {@code data:} URI. The media type a data URI
 * claims is ignored; {@link ImageDecoder} recognises the format from the bytes.
 */
public final class ImageInput {

    private static final String DATA_SCHEME = "data:";

    private ImageInput() {}

    /**
     * Decodes {@code value} to bytes, refusing it before decoding when the decoded size would exceed
     * {@link ImageLimits#maxBytes()}.
     */
    public static byte[] toBytes(String value, ImageLimits limits) throws ImageDecodeException {
        String payload = stripDataUri(value);
        int significant = 0;
        int padding = 0;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (isWhitespace(c) == false) {
                significant++;
                padding = c == '=' ? padding + 1 : 0;
            }
        }
        long decodedLength = (long) (significant - padding) * 3 / 4;
        limits.checkBytes(decodedLength);
        if (decodedLength == 0) {
            throw new ImageDecodeException("image value is empty");
        }
        byte[] ascii = new byte[significant];
        boolean urlSafe = false;
        int n = 0;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (isWhitespace(c) == false) {
                if (c > 127) {
                    throw new ImageDecodeException("not valid base64: illegal character '" + c + "' at index " + i);
                }
                urlSafe |= c == '-' || c == '_';
                ascii[n++] = (byte) c;
            }
        }
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(ascii);
        } catch (IllegalArgumentException e) {
            throw new ImageDecodeException("not valid base64: " + e.getMessage(), e);
        }
    }

    private static String stripDataUri(String value) throws ImageDecodeException {
        String trimmed = value.strip();
        if (trimmed.regionMatches(true, 0, DATA_SCHEME, 0, DATA_SCHEME.length()) == false) {
            return trimmed;
        }
        int comma = trimmed.indexOf(',');
        if (comma < 0) {
            throw new ImageDecodeException("data URI has no ',' before its data");
        }
        String header = trimmed.substring(DATA_SCHEME.length(), comma);
        if (header.toLowerCase(Locale.ROOT).strip().endsWith(";base64") == false) {
            throw new ImageDecodeException("data URI is not base64-encoded: expected [data:<media type>;base64,<data>]");
        }
        return trimmed.substring(comma + 1);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
    }
}
