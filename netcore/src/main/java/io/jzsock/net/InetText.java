package io.jzsock.net;

/** Text forms of IPv4/IPv6 addresses (inet_pton / inet_ntop). */
public final class InetText {
    private InetText() {
    }

    /** 1 if src is a valid address of the family (written to dst), 0 if not, -EAFNOSUPPORT for another family. */
    public static int pton(int family, String src, byte[] dst) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The text form of the 4 or 16 address bytes, or null for an unknown family. */
    public static String ntop(int family, byte[] src) {
        throw new UnsupportedOperationException("TODO");
    }
}
