package org.opensearch.clip.encoder.archive;

/** A TorchScript archive that cannot be read or rewritten, with a message naming the entry and the problem. */
public class ArchiveException extends RuntimeException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
