package org.opensearch.clip.plugin.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the harness finds the distribution, the plugin zips and the node's JDK, and where it may write. */
public record HarnessSettings(Path distributionZip, Path knnZip, Path pluginZip, Path nodeJavaHome, Path workDir) {

    /** Reads the {@code clip.*} system properties that the Maven build (failsafe, the demo profile) passes. */
    public static HarnessSettings fromSystemProperties() {
        HarnessSettings settings = new HarnessSettings(
            path("clip.distribution.zip"),
            path("clip.knn.zip"),
            path("clip.plugin.zip"),
            path("clip.node.java.home"),
            path("clip.work.dir")
        );
        settings.check();
        return settings;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                "system property [" + property + "] is not set: run the integration tests through Maven "
                    + "(mvn verify, or mvn verify -Dit.test=SomeIT) so that failsafe passes the harness its inputs"
            );
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private void check() {
        requireFile(distributionZip, "the OpenSearch integ-test-zip distribution (copied by maven-dependency-plugin)");
        requireFile(knnZip, "the k-NN plugin zip (copied by maven-dependency-plugin)");
        requireFile(pluginZip, "this plugin's zip (built by the package phase)");
        if (!Files.isExecutable(nodeJavaHome.resolve("bin/java"))) {
            throw new IllegalStateException("no JDK at " + nodeJavaHome + " (clip.node.java.home): the node needs JDK 21 or later");
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + what + ": " + file);
        }
    }
}
