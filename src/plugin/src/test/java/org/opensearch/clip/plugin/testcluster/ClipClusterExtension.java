package org.opensearch.clip.plugin.testcluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 glue: a {@link ClipCluster} started before the first test of a class and stopped after its last, shared by
 * the class's tests. Register it as {@code @RegisterExtension static final ClipClusterExtension cluster = ...}. When a
 * test fails, the last lines of every node's console log are printed next to the failure.
 */
public final class ClipClusterExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final ClipCluster.Options options;
    private ClipCluster cluster;

    private ClipClusterExtension(ClipCluster.Options options) {
        this.options = options;
    }

    /** One node for the test class. */
    public static ClipClusterExtension singleNode() {
        return new ClipClusterExtension(ClipCluster.Options.singleNode());
    }

    /** A cluster started with {@code options} for the test class. */
    public static ClipClusterExtension of(ClipCluster.Options options) {
        return new ClipClusterExtension(options);
    }

    /** A cluster of {@code n} nodes for the test class. */
    public static ClipClusterExtension nodes(int n) {
        return new ClipClusterExtension(ClipCluster.Options.nodes(n));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = ClipCluster.start(context.getRequiredTestClass().getSimpleName(), options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (cluster != null) {
            System.out.println("[harness] " + context.getDisplayName() + " failed; the nodes' last log lines:\n" + cluster.logTails(40));
        }
    }

    /** The running cluster. */
    public ClipCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster runs only between beforeAll and afterAll");
        }
        return cluster;
    }

    /** A REST client for the first node. */
    public RestClient client() {
        return cluster().client();
    }

    /** A REST client for node {@code i}. */
    public RestClient client(int i) {
        return cluster().client(i);
    }
}
