package org.opensearch.clip.plugin.testcluster;

import java.nio.file.Path;
import java.util.List;

/**
 * One node of a cluster: its names, ports, directory and the transport addresses and node names it uses to form
 * the cluster (empty for a single node).
 */
public record NodeSpec(
    String clusterName,
    String nodeName,
    int httpPort,
    int transportPort,
    Path directory,
    List<String> seedHosts,
    List<String> initialClusterManagers,
    String heap,
    java.util.Map<String, String> settings
) {
    /** The node's configuration directory ({@code OPENSEARCH_PATH_CONF}). */
    public Path configDirectory() {
        return directory.resolve("config");
    }

    /** {@code path.data}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** {@code path.logs}: the node's log4j logs (the main log is {@code <cluster name>.log}). */
    public Path logsDirectory() {
        return directory.resolve("logs");
    }

    /** Standard output and error of the node process (everything it logs to the console). */
    public Path consoleLog() {
        return directory.resolve("logs/console.log");
    }

    /** {@code OPENSEARCH_TMPDIR}. */
    public Path tmpDirectory() {
        return directory.resolve("tmp");
    }

    /** Whether the node forms a cluster on its own. */
    public boolean singleNode() {
        return seedHosts.isEmpty();
    }
}
