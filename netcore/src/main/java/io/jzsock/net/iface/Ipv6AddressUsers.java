package io.jzsock.net.iface;

/** A socket table that can hold an IPv6 address by being bound to it (UDP, TCP); asked under the stack's monitor. */
public interface Ipv6AddressUsers {
    /** True while a socket of this table has the address as its local address. */
    boolean usesIpv6Address(long hi, long lo);
}
