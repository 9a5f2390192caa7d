package org.opensearch.clip.encoder.bundle;

/** A model bundle that cannot be used, with a message naming the file and the problem. */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
