package org.opensearch.clip.plugin.register;

import java.io.IOException;

/**
 * A download that failed or was refused. Its message is what the models API shows: the policy's refusal, or only that
 * the download failed; {@link #logDetail()} says why (status, checksum, connection error) for the node log.
 */
public class DownloadException extends IOException {
    private final String logDetail;

    /** A failure whose message is also all the node log needs. */
    public DownloadException(String message) {
        this(message, message, null);
    }

    /**
     * @param message what the models API shows: nothing derived from what the server sent
     * @param logDetail the whole story, for the node log
     */
    public DownloadException(String message, String logDetail, Throwable cause) {
        super(message, cause);
        this.logDetail = logDetail;
    }

    /** The failure with its details, for the node log only. */
    public String logDetail() {
        return logDetail;
    }
}
