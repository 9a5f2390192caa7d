package org.opensearch.clip.plugin.action;

import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchException;

import java.util.LinkedHashMap;
import java.util.Map;

/** One input's failure as the plugin's APIs show it inside a successful answer: {@code {"type", "reason", "status"}}. */
public final class Failures {
    private Failures() {}

    /** The failure as {@code {"type": ..., "reason": ..., "status": ...}}, the way OpenSearch names exceptions. */
    public static Map<String, Object> describe(Exception e) {
        Throwable cause = ExceptionsHelper.unwrapCause(e);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", OpenSearchException.getExceptionName(cause));
        out.put("reason", cause.getMessage());
        out.put("status", ExceptionsHelper.status(cause).getStatus());
        return out;
    }
}
