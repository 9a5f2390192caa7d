package org.opensearch.clip.plugin.outbound;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A socket connector that fails the test if it is ever asked to connect, and remembers where it was asked to. */
final class NoConnections implements SocketConnector {
    final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    @Override
    public Socket connect(InetSocketAddress address, int timeoutMillis) {
        attempts.add(address);
        throw new AssertionError("the client tried to connect to " + address + " although the policy should have refused it");
    }
}
