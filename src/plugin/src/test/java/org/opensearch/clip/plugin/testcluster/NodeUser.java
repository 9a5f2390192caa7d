package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operating-system user that runs the nodes: the current user, or, when the harness runs as root (OpenSearch
 * refuses to), an unprivileged system user created on first use.
 */
public final class NodeUser {
    /** The unprivileged user created when the harness runs as root. */
    public static final String UNPRIVILEGED = "osclip";

    private final String name;
    private final boolean dropPrivileges;

    private NodeUser(String name, boolean dropPrivileges) {
        this.name = name;
        this.dropPrivileges = dropPrivileges;
    }

    /** The user for this process: itself, or {@value #UNPRIVILEGED} (created if missing) when running as root. */
    public static synchronized NodeUser forThisProcess() {
        if (!isRoot()) {
            return new NodeUser(System.getProperty("user.name"), false);
        }
        if (!ProcessRunner.run(List.of("id", "-u", UNPRIVILEGED), null, Map.of(), 30).ok()) {
            ProcessRunner.Result created = ProcessRunner.run(
                List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", UNPRIVILEGED),
                null, Map.of(), 60
            );
            // a concurrent build may have created it meanwhile: only the user's absence is an error
            if (!created.ok() && !ProcessRunner.run(List.of("id", "-u", UNPRIVILEGED), null, Map.of(), 30).ok()) {
                throw new IllegalStateException("running as root and cannot create the unprivileged user [" + UNPRIVILEGED
                    + "] that OpenSearch needs (useradd exit " + created.exitCode() + "): " + created.output());
            }
        }
        return new NodeUser(UNPRIVILEGED, true);
    }

    /** Whether this process runs with effective user id 0. */
    static boolean isRoot() {
        try {
            // /proc/self belongs to the effective user of the process that looks at it
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** Whether nodes run as a different, unprivileged user. */
    public boolean dropsPrivileges() {
        return dropPrivileges;
    }

    /** The command line that runs {@code command} as this user. */
    List<String> wrap(List<String> command) {
        if (!dropPrivileges) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code path} (recursively) belong to this user. */
    void own(Path path) {
        if (dropPrivileges) {
            ProcessRunner.runOrFail(List.of("chown", "-R", name + ":" + name, path.toString()), null, Map.of(), 300);
        }
    }

    /** Whether this user can enter {@code directory} (every parent must be searchable). */
    boolean canEnter(Path directory) {
        if (!dropPrivileges) {
            return Files.isDirectory(directory);
        }
        return ProcessRunner.run(wrap(List.of("test", "-x", directory.toString())), null, Map.of(), 30).ok();
    }
}
