package org.opensearch.clip.trainer.cli;

/** A command line the tool cannot run; the message says what to change. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
