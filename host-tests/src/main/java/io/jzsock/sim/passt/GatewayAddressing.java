package io.jzsock.sim.passt;

import io.jzsock.net.InterfaceConfig;

import java.util.List;

/**
 * The addresses of one board behind passt: the board's address and prefix, the gateway (passt itself,
 * which maps it to the host's loopback unless {@code --no-map-gw}) and the DNS server address passt
 * offers and forwards ({@code --dns-forward}) to the first nameserver of the {@code /etc/resolv.conf} it
 * sees. One object feeds passt's command line ({@code -a -n -g -D}), which is what passt's DHCP server
 * hands out, and what {@code run} checks the board's lease against (or a static interface for tests).
 *
 * <p>Why {@code run}'s DNS address is the gateway's: passt 0.0~git20230309 rewrites the source of every
 * datagram from a host loopback address to the gateway before it checks for a DNS answer, so with a
 * loopback resolver (systemd-resolved's 127.0.0.53, a local dnsmasq) answers to a separate
 * {@code --dns-forward} address arrive from the gateway instead, and a resolver that checks the answer's
 * source (RFC 5452 §9.1) drops them. With the gateway as the forwarded address, queries still go to the
 * resolv.conf nameserver and every answer comes from the address asked.
 */
public final class GatewayAddressing {
    /** What {@code run} uses: the board keeps the 198.18.0.2 of the forwarder, passt is .1 for routing and DNS. */
    public static final GatewayAddressing RUN = new GatewayAddressing("198.18.0.2", 24, "198.18.0.1", "198.18.0.1");

    public final String board;
    public final int prefixLength;
    public final String gateway;
    public final String dns;

    public GatewayAddressing(String board, int prefixLength, String gateway, String dns) {
        InterfaceConfig.ipv4("check", board, prefixLength, gateway).dns(dns);
        this.board = board;
        this.prefixLength = prefixLength;
        this.gateway = gateway;
        this.dns = dns;
    }

    /** passt's options for these addresses: what its DHCP would hand out, and where DNS is answered. */
    List<String> passtArgs() {
        return List.of("-a", board, "-n", Integer.toString(prefixLength), "-g", gateway, "-D", dns,
                "--dns-forward", dns);
    }

    /** How {@code run}'s board gets these addresses: by DHCP from passt, which offers exactly them. */
    public InterfaceConfig boardAddressing(String ifname) {
        return InterfaceConfig.dhcp(ifname);
    }

    /** The same addresses configured statically, for a board that should not wait for a lease. */
    public InterfaceConfig staticAddressing(String ifname) {
        return InterfaceConfig.ipv4(ifname, board, prefixLength, gateway).dns(dns);
    }

    @Override
    public String toString() {
        return board + "/" + prefixLength + " gateway " + gateway + " dns " + dns;
    }
}
