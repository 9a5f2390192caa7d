package org.opensearch.clip.plugin.outbound;

import org.opensearch.secure_sm.AccessController;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host name up: the one lookup a request makes, whose addresses are checked and then connected to. */
@FunctionalInterface
public interface HostResolver {
    /** Every address of {@code host} (a name, never a literal: those are not looked up). */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (the node's DNS and hosts file). */
    static HostResolver system() {
        return host -> AccessController.doPrivilegedChecked(() -> List.of(InetAddress.getAllByName(host)));
    }
}
