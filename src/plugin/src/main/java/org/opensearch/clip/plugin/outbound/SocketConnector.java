package org.opensearch.clip.plugin.outbound;

import org.opensearch.secure_sm.AccessController;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;

/** Opens a TCP connection to an address the policy has checked (never to a name, so nothing is looked up again). */
@FunctionalInterface
public interface SocketConnector {
    /** A socket connected to {@code address} within {@code timeoutMillis}. */
    Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;

    /**
     * Plain sockets, connected in a privileged block (the node's security agent checks connects); never through a
     * JVM-wide SOCKS proxy, so the checked address is the peer.
     */
    static SocketConnector privileged() {
        return (address, timeoutMillis) -> {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                AccessController.doPrivilegedChecked(() -> socket.connect(address, timeoutMillis));
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }
}
