package io.jzsock.net;

import io.jzsock.net.iface.NetInterface;

/**
 * IPv4 configuration of an interface: a static address/prefix, an optional default gateway and the DNS
 * servers reached through it; or {@link #dhcp} mode, where a DHCP lease sets all of them.
 */
public final class InterfaceConfig {
    public String name = "eth0";
    /** IPv4 address, most significant byte first; 0 = unconfigured. */
    public int ipv4Address;
    public int prefixLength;
    /** Default gateway reached through this interface; 0 = none. */
    public int ipv4Gateway;
    /** DNS servers, most significant byte first; at most {@link NetInterface#MAX_DNS_SERVERS} are kept. */
    public int[] dnsServers = new int[0];
    /** True: the stack runs a DHCP client on the interface (RFC 2131); the static fields start it unconfigured. */
    public boolean dhcp;
    /**
     * True: IPv6 runs on the interface: a link-local address with DAD at once (RFC 4862 §5.3), router
     * solicitations and, with {@link #ipv6Slaac}, addresses from advertised prefixes. Off by default, so an
     * IPv4-only interface sends nothing an IPv4 peer did not ask for; IPv6 frames are then dropped as an
     * unknown EtherType.
     */
    public boolean ipv6;
    /** With {@link #ipv6}: form addresses from router advertisements' prefixes (RFC 4862 §5.5.3). */
    public boolean ipv6Slaac = true;
    /** A static IPv6 address (16 bytes, null for none) and its prefix length, added with DAD after the link-local one. */
    public byte[] ipv6Address;
    public int ipv6PrefixLength;

    /** An interface configured by DHCP: no address until a lease is bound (see NetStack.dhcp()). */
    public static InterfaceConfig dhcp(String name) {
        InterfaceConfig c = new InterfaceConfig();
        c.name = name;
        c.dhcp = true;
        return c;
    }

    /** Parses dotted quads; throws IllegalArgumentException on bad text (setup only). */
    public static InterfaceConfig ipv4(String name, String address, int prefixLength, String gatewayOrNull) {
        InterfaceConfig c = new InterfaceConfig();
        c.name = name;
        c.ipv4Address = SockAddr.parse(address, 0).ipv4();
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        c.prefixLength = prefixLength;
        c.ipv4Gateway = gatewayOrNull == null ? 0 : SockAddr.parse(gatewayOrNull, 0).ipv4();
        return c;
    }

    /** Turns IPv6 on (link-local, router discovery, SLAAC); returns this. */
    public InterfaceConfig withIpv6() {
        ipv6 = true;
        return this;
    }

    /** Turns IPv6 on with a static address as well, given in RFC 5952 text (setup only); returns this. */
    public InterfaceConfig withIpv6(String address, int prefixLength) {
        byte[] a = new byte[16];
        if (InetText.pton(ZsockConstants.AF_INET6, address, a) != 1 || prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("IPv6 address " + address + "/" + prefixLength);
        }
        ipv6 = true;
        ipv6Address = a;
        ipv6PrefixLength = prefixLength;
        return this;
    }

    /** Adds a DNS server given in dotted quads (setup only); returns this. */
    public InterfaceConfig dns(String server) {
        int[] d = new int[dnsServers.length + 1];
        System.arraycopy(dnsServers, 0, d, 0, dnsServers.length);
        d[dnsServers.length] = SockAddr.parse(server, 0).ipv4();
        dnsServers = d;
        return this;
    }

    /** The network mask of prefixLength, e.g. 24 → 0xFFFFFF00. */
    public int netmask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
