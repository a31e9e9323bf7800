package io.jzsock.net;

/** Static IPv4 configuration of an interface: address/prefix and an optional default gateway. */
public final class InterfaceConfig {
    public String name = "eth0";
    /** IPv4 address, most significant byte first; 0 = unconfigured. */
    public int ipv4Address;
    public int prefixLength;
    /** Default gateway reached through this interface; 0 = none. */
    public int ipv4Gateway;

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

    /** The network mask of prefixLength, e.g. 24 → 0xFFFFFF00. */
    public int netmask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
