package org.opensearch.clip.encoder.hub;

/** A Hugging Face Hub checkpoint that cannot be turned into a model bundle; the message names the file and the problem. */
public class HubCheckpointException extends Exception {
    public HubCheckpointException(String message) {
        super(message);
    }

    public HubCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
