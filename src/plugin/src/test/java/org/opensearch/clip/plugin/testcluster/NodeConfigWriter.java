package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a node's own configuration directory: a copy of the installation's (with the plugins' files), an
 * {@code opensearch.yml} for 127.0.0.1 and the node's ports and paths, and a small heap.
 */
final class NodeConfigWriter {
    /**
     * Extra JVM options for every node, separated by white space (e.g. a flight recording while a benchmark runs:
     * {@code -Dclip.node.jvm.options=-XX:StartFlightRecording=filename=/tmp/node.jfr}).
     */
    static final String EXTRA_JVM_OPTIONS = "clip.node.jvm.options";

    private NodeConfigWriter() {}

    /** Creates the node's directories and configuration under {@link NodeSpec#directory()}. */
    static void write(NodeSpec node, Installation installation) {
        try {
            FileTrees.delete(node.directory());
            FileTrees.copy(installation.configTemplate(), node.configDirectory());
            for (Path dir : List.of(node.dataDirectory(), node.logsDirectory(), node.tmpDirectory())) {
                Files.createDirectories(dir);
            }
            Files.writeString(node.configDirectory().resolve("opensearch.yml"), yaml(node));
            Path options = node.configDirectory().resolve("jvm.options.d");
            Files.createDirectories(options);
            Files.writeString(options.resolve("heap.options"), "-Xms" + node.heap() + "\n-Xmx" + node.heap() + "\n");
            String extra = System.getProperty(EXTRA_JVM_OPTIONS, "").strip();
            if (!extra.isEmpty()) {
                Files.writeString(options.resolve("extra.options"), String.join("\n", extra.split("\\s+")) + "\n");
            }
            anchorJvmOptions(node.configDirectory().resolve("jvm.options"), installation.home());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of " + node.nodeName(), e);
        }
    }

    private static String yaml(NodeSpec node) {
        List<String> lines = new ArrayList<>();
        lines.add("cluster.name: " + node.clusterName());
        lines.add("node.name: " + node.nodeName());
        lines.add("network.host: 127.0.0.1");
        lines.add("http.port: " + node.httpPort());
        lines.add("transport.port: " + node.transportPort());
        lines.add("path.data: " + quoted(node.dataDirectory().toString()));
        lines.add("path.logs: " + quoted(node.logsDirectory().toString()));
        if (node.singleNode()) {
            lines.add("discovery.type: single-node");
        } else {
            lines.add("discovery.seed_hosts: " + list(node.seedHosts()));
            lines.add("cluster.initial_cluster_manager_nodes: " + list(node.initialClusterManagers()));
        }
        // a nearly full disk of a build machine must not turn test indices read-only
        lines.add("cluster.routing.allocation.disk.threshold_enabled: false");
        lines.add("action.destructive_requires_name: false");
        node.settings().forEach((key, value) -> lines.add(key + ": " + quoted(value)));
        return String.join("\n", lines) + "\n";
    }

    private static String list(List<String> values) {
        return values.stream().map(NodeConfigWriter::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The distribution's jvm.options names the security agent and log files relative to the working directory; the
     * node runs in its own directory, so the agent path is made absolute (logs and heap dumps stay in the node's).
     */
    private static void anchorJvmOptions(Path jvmOptions, Path home) throws IOException {
        String text = Files.readString(jvmOptions);
        Files.writeString(jvmOptions, text.replace("-javaagent:agent/", "-javaagent:" + home.resolve("agent") + "/"));
    }
}
