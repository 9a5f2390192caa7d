package org.opensearch.clip.plugin.register;

import java.io.IOException;

/** A download that failed or was refused (HTTP error, too large, wrong checksum, timeout), with a message saying why. */
public class DownloadException extends IOException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
