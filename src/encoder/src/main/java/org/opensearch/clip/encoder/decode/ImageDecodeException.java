package org.opensearch.clip.encoder.decode;

/** An image value that cannot be turned into pixels: bad encoding, unsupported format, corrupt data or over a limit. */
public final class ImageDecodeException extends Exception {

    /** Creates an exception whose message says what is wrong with the image. */
    public ImageDecodeException(String message) {
        super(message);
    }

    /** Creates an exception whose message says what is wrong with the image, keeping the underlying cause. */
    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
