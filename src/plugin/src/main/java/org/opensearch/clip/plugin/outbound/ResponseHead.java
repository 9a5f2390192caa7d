package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an HTTP/1.x response, read with bounds (8 KB a line, 100 headers); header names are
 * lower case, and a header sent twice keeps its first value, except Content-Length, which must agree.
 *
 * @param status the status code
 * @param headers lower-case name to value
 */
record ResponseHead(int status, Map<String, String> headers) {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    /** A header's value, or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** Reads one response head (skipping 1xx interim responses) from {@code in}. */
    static ResponseHead read(InputStream in, String shownUrl) throws IOException {
        while (true) {
            ResponseHead head = readOne(in, shownUrl);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private static ResponseHead readOne(InputStream in, String shownUrl) throws IOException {
        String statusLine = line(in, shownUrl);
        if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            throw malformed(shownUrl, "its status line is not HTTP/1.x");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (int count = 0;; count++) {
            String line = line(in, shownUrl);
            if (line.isEmpty()) {
                return new ResponseHead(status, Map.copyOf(headers));
            }
            int colon = line.indexOf(':');
            if (count >= MAX_HEADERS || colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                throw malformed(shownUrl, count >= MAX_HEADERS ? "it has more than " + MAX_HEADERS + " headers" : "a header line is malformed");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String earlier = headers.putIfAbsent(name, value);
            if (earlier != null && name.equals("content-length") && !earlier.equals(value)) {
                throw malformed(shownUrl, "it has two different Content-Length headers");
            }
        }
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1, without the terminator. */
    static String line(InputStream in, String shownUrl) throws IOException {
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw malformed(shownUrl, "the connection ended inside the response head");
            }
            if (c == '\n') {
                int end = out.length();
                if (end > 0 && out.charAt(end - 1) == '\r') {
                    out.setLength(end - 1);
                }
                return out.toString();
            }
            if (out.length() >= MAX_LINE) {
                throw malformed(shownUrl, "a line of its head is longer than " + MAX_LINE + " bytes");
            }
            out.append((char) c); // ISO-8859-1: one byte, one char
        }
    }

    static OutboundException malformed(String shownUrl, String why) {
        return new OutboundException(OutboundException.Kind.PROTOCOL, shownUrl + ": the answer is not valid HTTP: " + why);
    }
}
