package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

    /**
     * Starts {@code bin/opensearch} for {@code spec} as {@code user} in a process group of its own (so that it can be
     * stopped as a whole, helper JVMs of the start script included), output appended to the node's console log.
     */
    static NodeProcess start(NodeSpec spec, Installation installation, NodeUser user, HarnessSettings settings) {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(user.wrap(List.of(installation.home().resolve("bin/opensearch").toString())));
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

    /**
     * Stops the node and everything it started: SIGTERM to its process group (a clean shutdown), SIGKILL to the group
     * after the grace period, and SIGKILL to whatever of the group is left once the node itself has exited.
     */
    public void stop(long graceSeconds) {
        List<ProcessHandle> tree = process.descendants().toList();
        signalGroup("TERM");
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                System.out.println("[harness] " + spec.nodeName() + " did not stop within " + graceSeconds + " s; killing it");
                signalGroup("KILL");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        signalGroup("KILL");
        for (ProcessHandle child : tree) {
            child.destroyForcibly();
        }
    }

    /** Sends a signal to the node's process group (its id is the node process's id, thanks to setsid). */
    private void signalGroup(String signal) {
        // "no such process" once the group is gone is fine
        ProcessRunner.run(List.of("kill", "-" + signal, "--", "-" + process.pid()), null, Map.of(), 30);
    }
}
