package org.opensearch.clip.plugin.rest;

import org.opensearch.rest.RestResponse;

import java.util.Map;

/**
 * The headers every search page response carries: scripts, styles and requests only from the node itself, images
 * also from data URIs and http(s) URLs (documents may hold image URLs), no framing, no content sniffing, no
 * referrer.
 */
public final class SecurityHeaders {
    /**
     * {@code style-src} allows inline styles because OUI's flyout (react-remove-scroll) adds a style element while it
     * is open; scripts are never inline.
     */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: http: https:",
        "connect-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'"
    );

    /** Header name to value. */
    public static final Map<String, String> HEADERS = Map.of(
        "Content-Security-Policy", CONTENT_SECURITY_POLICY,
        "X-Frame-Options", "DENY",
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer",
        "Cache-Control", "no-cache"
    );

    private SecurityHeaders() {}

    /** Adds the headers to a response and returns it. */
    public static <R extends RestResponse> R apply(R response) {
        HEADERS.forEach(response::addHeader);
        return response;
    }
}
