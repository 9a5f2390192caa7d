package org.opensearch.clip.plugin.outbound;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** URLs in messages and logs never carry credentials or control characters, and stay short. */
class SafeUrlTest {
    @Test
    void credentialsAreRemovedFromTheAuthorityOnly() {
        assertEquals("https://example.org/x.jpg", SafeUrl.display("https://user:secret@example.org/x.jpg"));
        assertEquals("http://example.org:8080/x?who=a@b", SafeUrl.display("http://a:b@c@example.org:8080/x?who=a@b"));
        assertEquals("http://example.org/x?who=a@b", SafeUrl.display("http://example.org/x?who=a@b"));
        assertEquals("not a url", SafeUrl.display("not a url"));
        assertTrue(SafeUrl.hasCredentials("https://token@example.org/"));
        assertFalse(SafeUrl.hasCredentials("https://example.org/a@b"));
        assertFalse(SafeUrl.hasCredentials(null));
    }

    @Test
    void controlCharactersAreReplacedAndLongUrlsCut() {
        assertEquals("http://example.org/a??Injected: yes", SafeUrl.display("http://example.org/a\r\nInjected: yes"));
        String longUrl = "https://example.org/" + "a".repeat(1000);
        assertEquals(303, SafeUrl.display(longUrl).length());
        assertTrue(SafeUrl.display(longUrl).endsWith("..."));
    }
}
