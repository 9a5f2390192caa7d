package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Finds TCP ports on 127.0.0.1 that nothing listens on, never handing out the same port twice in this JVM. Ports
 * come from below Linux's ephemeral range (32768+), so that outgoing connections cannot take them meanwhile.
 */
public final class PortAllocator {
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private PortAllocator() {}

    /** A free port picked at random between 20000 and 32000. */
    public static synchronized int any() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = LOWEST + RANDOM.nextInt(HIGHEST - LOWEST);
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("cannot find a free port in " + LOWEST + ".." + HIGHEST + " on 127.0.0.1");
    }

    /** {@code preferred} if it is free, else the next free port above it (within 100). */
    public static synchronized int preferring(int preferred) {
        for (int port = preferred; port < preferred + 100; port++) {
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + preferred + ".." + (preferred + 99) + " on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
