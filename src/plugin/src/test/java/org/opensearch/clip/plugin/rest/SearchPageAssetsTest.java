package org.opensearch.clip.plugin.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built search page in the plugin's resources, and the headers it is served with. */
class SearchPageAssetsTest {
    private final SearchPageAssets assets = SearchPageAssets.load(RestSearchPageAction.class);

    @Test
    void thePageLoadsItsScriptAndStylesFromTheNodeWithNoInlineScript() {
        String html = new String(assets.get(SearchPageAssets.INDEX).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<script defer src=\"/_plugins/_clip/search/app.js\"></script>"), html);
        assertTrue(html.contains("href=\"/_plugins/_clip/search/oui.css\""), html);
        assertFalse(html.replace("<script defer src=\"/_plugins/_clip/search/app.js\"></script>", "").contains("<script"),
            "no other (inline) script: " + html);
    }

    @Test
    void everyFileHasTheMediaTypeOfItsKind() {
        assertEquals("text/html; charset=UTF-8", assets.get("index.html").orElseThrow().contentType());
        assertEquals("text/javascript; charset=UTF-8", assets.get("app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=UTF-8", assets.get("oui.css").orElseThrow().contentType());
        assertEquals("text/css; charset=UTF-8", assets.get("app.css").orElseThrow().contentType());
    }

    @Test
    void onlyTheListedFilesAreServed() {
        assertTrue(assets.get("../../ClipPlugin.class").isEmpty());
        assertTrue(assets.get("files.txt").isEmpty());
        assertTrue(assets.get("nope.js").isEmpty());
    }

    @Test
    void aFileOfUnknownKindIsRefused() {
        assertThrows(IllegalStateException.class, () -> SearchPageAssets.contentType("page.exe"));
    }

    @Test
    void theContentSecurityPolicyAllowsNoForeignOrInlineScriptAndNoFraming() {
        String csp = SecurityHeaders.CONTENT_SECURITY_POLICY;
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", SecurityHeaders.HEADERS.get("X-Frame-Options"));
        assertEquals("nosniff", SecurityHeaders.HEADERS.get("X-Content-Type-Options"));
    }
}
