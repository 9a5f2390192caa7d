package org.opensearch.clip.plugin.outbound;

import org.opensearch.core.rest.RestStatus;

import java.io.IOException;

/**
 * An outbound request that the policy refused or that failed. Its message is safe to show to whoever sent the URL: it
 * names the URL (without credentials) and the problem, never the body, hash or size of what came back;
 * {@link #logDetail()} has the rest, for the node log only.
 */
public class OutboundException extends IOException {
    /** What went wrong, which decides the status an API answers with. */
    public enum Kind {
        /** the URL or an address it resolves to is not allowed by the clip.fetch policy */
        REFUSED(RestStatus.BAD_REQUEST),
        /** the host did not resolve or no connection could be made */
        UNREACHABLE(RestStatus.BAD_GATEWAY),
        /** a connect, read or total timeout ran out */
        TIMEOUT(RestStatus.GATEWAY_TIMEOUT),
        /** the server answered with a status other than 200 */
        HTTP_STATUS(RestStatus.BAD_REQUEST),
        /** the body is larger than the limit */
        TOO_LARGE(RestStatus.BAD_REQUEST),
        /** the body is not an image (content type or signature) */
        NOT_AN_IMAGE(RestStatus.BAD_REQUEST),
        /** the TLS handshake failed (untrusted certificate, wrong host name, ...) */
        TLS(RestStatus.BAD_GATEWAY),
        /** the server's answer is not valid HTTP/1.1, or the connection broke */
        PROTOCOL(RestStatus.BAD_GATEWAY),
        /** this node has too many fetches queued: retry later */
        REJECTED(RestStatus.TOO_MANY_REQUESTS);

        private final RestStatus status;

        Kind(RestStatus status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final String logDetail;

    /** A failure whose message is also all the node log needs. */
    public OutboundException(Kind kind, String message) {
        this(kind, message, message, null);
    }

    /**
     * @param message what users see
     * @param logDetail what the node log gets (may name response details and the cause)
     */
    public OutboundException(Kind kind, String message, String logDetail, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.logDetail = logDetail;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status an API answers with for this failure (429 for a full queue, 504 for timeouts, ...). */
    public RestStatus status() {
        return kind.status;
    }

    /** Whether the same request may succeed later (a full queue, a timeout, an unreachable or failing server). */
    public boolean retryable() {
        return kind == Kind.REJECTED || kind == Kind.TIMEOUT || kind == Kind.UNREACHABLE;
    }

    /** The failure with more detail, for the node log only. */
    public String logDetail() {
        return logDetail;
    }

    /** The same failure with {@code prefix} before the message (e.g. {@code "image URL "}). */
    public OutboundException prefixed(String prefix) {
        return new OutboundException(kind, prefix + getMessage(), prefix + logDetail, getCause());
    }
}
