package org.opensearch.clip.plugin.outbound;

/** URLs as they may appear in messages and logs: credentials ({@code user:password@}) removed, control characters replaced, length bounded. */
public final class SafeUrl {
    private static final int MAX_LENGTH = 300;

    private SafeUrl() {}

    /** {@code url} without credentials, e.g. {@code https://u:secret@host/x} becomes {@code https://host/x}. */
    public static String display(String url) {
        if (url == null) {
            return "null";
        }
        String text = url;
        int schemeEnd = text.indexOf("//");
        if (schemeEnd >= 0) {
            int authorityEnd = authorityEnd(text, schemeEnd + 2);
            int at = text.lastIndexOf('@', authorityEnd - 1);
            if (at >= schemeEnd + 2) {
                text = text.substring(0, schemeEnd + 2) + text.substring(at + 1);
            }
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }

    private static int authorityEnd(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                return i;
            }
        }
        return text.length();
    }

    /** Whether {@code url} has credentials ({@code user:password@}) before its host. */
    public static boolean hasCredentials(String url) {
        if (url == null) {
            return false;
        }
        int schemeEnd = url.indexOf("//");
        return schemeEnd >= 0 && url.lastIndexOf('@', authorityEnd(url, schemeEnd + 2) - 1) >= schemeEnd + 2;
    }
}
