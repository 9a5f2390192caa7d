package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds TCP ports on 127.0.0.1 that nothing listens on, never handing out the same port twice in this JVM. */
public final class PortAllocator {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private PortAllocator() {}

    /** A free port chosen by the operating system. */
    public static synchronized int any() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot find a free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("cannot find a free port on 127.0.0.1");
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
