package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A running OpenSearch node process, started from an installation with a node's own configuration. */
public final class NodeProcess {
    private final NodeSpec spec;
    private final Process process;

    private NodeProcess(NodeSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts {@code bin/opensearch} for {@code spec} as {@code user}, output appended to the node's console log. */
    static NodeProcess start(NodeSpec spec, Installation installation, NodeUser user, HarnessSettings settings) {
        List<String> command = user.wrap(List.of(installation.home().resolve("bin/opensearch").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(spec.directory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.consoleLog().toFile()));
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("OPENSEARCH_JAVA_OPTS");
        env.remove("JAVA_OPTS");
        env.put("OPENSEARCH_JAVA_HOME", settings.nodeJavaHome().toString());
        env.put("OPENSEARCH_PATH_CONF", spec.configDirectory().toString());
        env.put("OPENSEARCH_TMPDIR", spec.tmpDirectory().toString());
        env.put("HOME", spec.directory().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new NodeProcess(spec, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** What this node is. */
    public NodeSpec spec() {
        return spec;
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a process that ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines the node wrote to its console. */
    public String logTail(int lines) {
        return FileTrees.tail(spec.consoleLog(), lines);
    }

    /** Stops the node and everything it started: SIGTERM (a clean shutdown), then SIGKILL after the grace period. */
    public void stop(long graceSeconds) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                System.out.println("[harness] " + spec.nodeName() + " did not stop within " + graceSeconds + " s; killing it");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : tree) {
            child.destroyForcibly();
        }
    }
}
