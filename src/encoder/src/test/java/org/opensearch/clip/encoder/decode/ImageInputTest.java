package org.opensearch.clip.encoder.decode;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.TestFiles;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a document's string value becomes image bytes: base64 in its common spellings, or a base64 data URI. */
class ImageInputTest {
    private static final byte[] CAT = TestFiles.bytes("images/cat.jpg");

    private static byte[] toBytes(String value) throws ImageDecodeException {
        return ImageInput.toBytes(value, ImageLimits.DEFAULT);
    }

    @Test
    void plainBase64GivesTheImageBytes() throws ImageDecodeException {
        assertArrayEquals(CAT, toBytes(Base64.getEncoder().encodeToString(CAT)));
    }

    @Test
    void mimeStyleLineBreaksAndSurroundingSpaceAreIgnored() throws ImageDecodeException {
        String wrapped = "  " + Base64.getMimeEncoder().encodeToString(CAT) + "\n";
        assertTrue(wrapped.contains("\r\n"));
        assertArrayEquals(CAT, toBytes(wrapped));
    }

    @Test
    void theUrlSafeAlphabetAndMissingPaddingAreAccepted() throws ImageDecodeException {
        byte[] bytes = { (byte) 0xfb, (byte) 0xff, (byte) 0xbf, 1 }; // encodes with '-' and '_' in the URL alphabet
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertTrue(urlSafe.contains("-") || urlSafe.contains("_"), urlSafe);
        assertArrayEquals(bytes, toBytes(urlSafe));
        assertArrayEquals(CAT, toBytes(Base64.getEncoder().withoutPadding().encodeToString(CAT)));
    }

    @Test
    void aBase64DataUriGivesTheImageBytesWhateverMediaTypeItClaims() throws ImageDecodeException {
        String base64 = Base64.getEncoder().encodeToString(CAT);
        assertArrayEquals(CAT, toBytes("data:image/jpeg;base64," + base64));
        assertArrayEquals(CAT, toBytes("DATA:image/png;BASE64," + base64));
        assertArrayEquals(CAT, toBytes("data:;base64," + base64));
    }

    @Test
    void aDataUriThatIsNotBase64IsRefused() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes("data:image/svg+xml,<svg/>"));
        assertEquals("data URI is not base64-encoded: expected [data:<media type>;base64,<data>]", e.getMessage());
    }

    @Test
    void aDataUriWithoutDataIsRefused() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes("data:image/png;base64"));
        assertEquals("data URI has no ',' before its data", e.getMessage());
    }

    @Test
    void malformedBase64IsRefusedSayingWhy() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes("abc*defg"));
        assertTrue(e.getMessage().startsWith("not valid base64: "), e.getMessage());
    }

    @Test
    void nonAsciiCharactersAreRefusedWithTheirPosition() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes("abcdé123"));
        assertEquals("not valid base64: illegal character 'é' at index 4", e.getMessage());
    }

    @Test
    void aTruncatedBase64ValueIsRefused() {
        // one character past a whole quantum cannot encode a byte
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes("QUJDR"));
        assertTrue(e.getMessage().startsWith("not valid base64: "), e.getMessage());
    }

    @Test
    void anEmptyValueIsRefused() {
        for (String empty : new String[] { "", "   ", "data:image/png;base64,", "====" }) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> toBytes(empty), "[" + empty + "]");
            assertEquals("image value is empty", e.getMessage(), "[" + empty + "]");
        }
    }

    @Test
    void aValueOverTheByteLimitIsRefusedBeforeItIsDecoded() {
        String base64 = Base64.getEncoder().encodeToString(CAT);
        ImageLimits limits = new ImageLimits(CAT.length - 1, ImageLimits.DEFAULT_MAX_PIXELS);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageInput.toBytes(base64, limits));
        assertEquals(
            "image is " + CAT.length + " bytes, over the limit of " + (CAT.length - 1) + " bytes (clip.image.max_bytes)",
            e.getMessage()
        );
        // exactly at the limit is fine
        assertArrayEquals(CAT, assertDoesNotThrow(base64, new ImageLimits(CAT.length, 1)));
    }

    @Test
    void theByteLimitCountsDecodedBytesNotCharacters() throws ImageDecodeException {
        byte[] three = "abc".getBytes(StandardCharsets.US_ASCII);
        // "YWJj" is 4 characters for 3 bytes; wrapped in whitespace it is still 3 bytes
        assertArrayEquals(three, ImageInput.toBytes(" YW\nJj ", new ImageLimits(3, 1)));
    }

    private static byte[] assertDoesNotThrow(String value, ImageLimits limits) {
        try {
            return ImageInput.toBytes(value, limits);
        } catch (ImageDecodeException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
