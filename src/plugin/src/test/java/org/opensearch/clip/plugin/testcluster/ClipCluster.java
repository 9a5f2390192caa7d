package org.opensearch.clip.plugin.testcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real OpenSearch cluster on 127.0.0.1 (one or more nodes) with k-NN and opensearch-clip installed, started from
 * the distribution zip and ready to serve once {@link #start} returns: health yellow or green and the default CLIP
 * model loaded on every node.
 */
public final class ClipCluster implements AutoCloseable {
    /** How long to wait for a cluster to be ready (override with -Dclip.it.start.timeout=seconds). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("clip.it.start.timeout", 240));

    private final String name;
    private final List<NodeProcess> nodes;
    private final Thread shutdownHook;
    private final Duration timeToHealthy;
    private final Duration timeToModelLoaded;
    private final Installation installation;
    private final NodeUser user;
    private final HarnessSettings settings;
    private boolean closed;

    /** Nodes configured but not started yet ({@link Options#lateNodes}). */
    private final List<NodeSpec> late = new ArrayList<>();

    private ClipCluster(String name, List<NodeProcess> nodes, Thread shutdownHook, Duration healthy, Duration loaded,
        Installation installation, NodeUser user, HarnessSettings settings) {
        this.name = name;
        this.nodes = nodes;
        this.shutdownHook = shutdownHook;
        this.timeToHealthy = healthy;
        this.timeToModelLoaded = loaded;
        this.installation = installation;
        this.user = user;
        this.settings = settings;
    }

    /**
     * What kind of cluster to start: {@code nodes} nodes at once and {@code lateNodes} more that {@link #startLateNode}
     * starts later (they know the others' addresses, but are not among the initial cluster managers).
     */
    public record Options(int nodes, String heap, Integer preferredHttpPort, java.util.Map<String, String> nodeSettings, int lateNodes) {
        /** {@code nodes} nodes with {@code heap} each, no extra node settings. */
        public Options(int nodes, String heap, Integer preferredHttpPort) {
            this(nodes, heap, preferredHttpPort, java.util.Map.of(), 0);
        }

        /** The same with {@code n} more nodes that join when {@link ClipCluster#startLateNode} is called. */
        public Options withLateNodes(int n) {
            return new Options(nodes, heap, preferredHttpPort, nodeSettings, n);
        }

        /** One node with a 1 GB heap on free ports. */
        public static Options singleNode() {
            return new Options(1, "1g", null);
        }

        /** {@code n} nodes with a 1 GB heap each on free ports. */
        public static Options nodes(int n) {
            return new Options(n, "1g", null);
        }

        /** The same, with the first node's HTTP port {@code port} or the next free one (for the demo). */
        public Options preferringHttpPort(int port) {
            return new Options(nodes, heap, port, nodeSettings, lateNodes);
        }

        /** The same, with one more setting in every node's {@code opensearch.yml}. */
        public Options withSetting(String key, String value) {
            java.util.Map<String, String> more = new java.util.TreeMap<>(nodeSettings);
            more.put(key, value);
            return new Options(nodes, heap, preferredHttpPort, java.util.Map.copyOf(more), lateNodes);
        }
    }

    /**
     * Starts a cluster called {@code name} (its directory is {@code <work dir>/clusters/<name>}), fresh each time; a
     * start that fails because another process took one of its ports is retried with new ports.
     */
    public static ClipCluster start(String name, Options options) {
        for (int attempt = 1;; attempt++) {
            try {
                return startOnce(name, options);
            } catch (IllegalStateException e) {
                boolean portTaken = String.valueOf(e.getMessage()).contains("Address already in use");
                if (!portTaken || attempt == 3) {
                    throw e;
                }
                System.out.println("[harness] a port of cluster " + name + " was taken meanwhile; starting again on new ports");
            }
        }
    }

    private static ClipCluster startOnce(String name, Options options) {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        NodeUser user = NodeUser.forThisProcess();
        java.nio.file.Path base = WorkDirectory.choose(settings.workDir(), user);
        Installation installation = Installation.prepare(settings, base, user);
        String clusterName = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        java.nio.file.Path clusterDirectory = base.resolve("clusters").resolve(clusterName);
        FileTrees.delete(clusterDirectory);

        List<NodeSpec> specs = specs(clusterName, clusterDirectory, options);
        for (NodeSpec spec : specs) {
            NodeConfigWriter.write(spec, installation);
        }
        user.own(clusterDirectory);

        long start = System.nanoTime();
        List<NodeProcess> nodes = new ArrayList<>();
        Thread hook = new Thread(() -> nodes.forEach(n -> n.stop(20)), "stop-" + clusterName);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (NodeSpec spec : specs.subList(0, options.nodes())) {
                nodes.add(NodeProcess.start(spec, installation, user, settings));
            }
            RestClient client = new RestClient("127.0.0.1", specs.get(0).httpPort());
            Readiness readiness = new Readiness(nodes, client, START_TIMEOUT);
            readiness.awaitHealth();
            Duration healthy = Duration.ofNanos(System.nanoTime() - start);
            readiness.awaitDefaultModelLoaded();
            Duration loaded = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf(Locale.ROOT, "[harness] cluster %s: %d node(s) as user %s, health yellow/green after %.1f s, "
                + "default model loaded after %.1f s; logs under %s%n", clusterName, nodes.size(), user.name(),
                healthy.toMillis() / 1000.0, loaded.toMillis() / 1000.0, clusterDirectory);
            ClipCluster cluster = new ClipCluster(clusterName, nodes, hook, healthy, loaded, installation, user, settings);
            cluster.late.addAll(specs.subList(options.nodes(), specs.size()));
            return cluster;
        } catch (RuntimeException | Error e) {
            nodes.forEach(n -> n.stop(20));
            removeHook(hook);
            throw e;
        }
    }

    private static List<NodeSpec> specs(String clusterName, java.nio.file.Path directory, Options options) {
        List<String> names = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        List<Integer> transportPorts = new ArrayList<>();
        int all = options.nodes() + options.lateNodes();
        for (int i = 0; i < all; i++) {
            names.add(clusterName + "-" + i);
            boolean preferred = i == 0 && options.preferredHttpPort() != null;
            httpPorts.add(preferred ? PortAllocator.preferring(options.preferredHttpPort()) : PortAllocator.any());
            transportPorts.add(preferred ? PortAllocator.preferring(options.preferredHttpPort() + 100) : PortAllocator.any());
        }
        List<String> seeds = all == 1 ? List.of() : transportPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        List<String> managers = all == 1 ? List.of() : names.subList(0, options.nodes());
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < all; i++) {
            specs.add(new NodeSpec(clusterName, names.get(i), httpPorts.get(i), transportPorts.get(i),
                directory.resolve(names.get(i)), seeds, managers, options.heap(), options.nodeSettings()));
        }
        return specs;
    }

    /** The cluster's name (also its directory name). */
    public String name() {
        return name;
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** A REST client for the first node. */
    public RestClient client() {
        return client(0);
    }

    /** A REST client for node {@code i}. */
    public RestClient client(int i) {
        return new RestClient("127.0.0.1", nodes.get(i).spec().httpPort());
    }

    /** Node {@code i}'s specification: name, ports, directories. */
    public NodeSpec node(int i) {
        return nodes.get(i).spec();
    }

    /** From starting the processes to health yellow/green with every node joined. */
    public Duration timeToHealthy() {
        return timeToHealthy;
    }

    /** From starting the processes to the default model loaded on every node. */
    public Duration timeToModelLoaded() {
        return timeToModelLoaded;
    }

    /**
     * Stops every node and starts it again on the same data directories and ports (a full cluster restart), then
     * waits as {@link #start} does: health yellow/green and the default model loaded.
     */
    public synchronized void restart() {
        List<NodeSpec> specs = nodes.stream().map(NodeProcess::spec).toList();
        for (NodeProcess node : nodes) {
            node.stop(60);
        }
        nodes.clear();
        for (NodeSpec spec : specs) {
            nodes.add(NodeProcess.start(spec, installation, user, settings));
        }
        Readiness readiness = new Readiness(nodes, client(), START_TIMEOUT);
        readiness.awaitHealth();
        readiness.awaitDefaultModelLoaded();
    }

    /**
     * Starts the next node of {@link Options#lateNodes}: it joins the running cluster; returns once the health is
     * yellow or green with every node joined and the default model is loaded on every node (the new one included).
     */
    public synchronized int startLateNode() {
        if (late.isEmpty()) {
            throw new IllegalStateException("no late node left to start: give Options.withLateNodes(n)");
        }
        nodes.add(NodeProcess.start(late.remove(0), installation, user, settings));
        // asked through the new node itself: its HTTP port answers only once it has joined and started
        Readiness readiness = new Readiness(nodes, client(nodes.size() - 1), START_TIMEOUT);
        readiness.awaitHealth();
        readiness.awaitDefaultModelLoaded();
        return nodes.size() - 1;
    }

    /** The last console lines of every node, for failure messages. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (NodeProcess node : nodes) {
            out.append("--- ").append(node.spec().consoleLog()).append(" ---\n").append(node.logTail(lines)).append('\n');
        }
        return out.toString();
    }

    /** Stops every node (the whole process tree) and frees the disk their data used; logs stay. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NodeProcess node : nodes) {
            node.stop(60);
        }
        removeHook(shutdownHook);
        for (NodeProcess node : nodes) {
            try {
                FileTrees.delete(node.spec().dataDirectory());
            } catch (RuntimeException e) {
                System.out.println("[harness] cannot delete " + node.spec().dataDirectory() + ": " + e.getMessage());
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook
        }
    }
}
