package io.jzsock.net.wire;

/**
 * The fixed part of a DHCP message (RFC 2131 §2, Figure 1) and the magic cookie that starts the
 * options (RFC 2131 §3, RFC 2132 §2). Options are {@link DhcpOptions}; a reply is read through
 * {@link DhcpRepr}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 *  +---------------+---------------+---------------+---------------+
 *  |                            xid (4)                            |
 *  +-------------------------------+-------------------------------+
 *  |           secs (2)            |           flags (2)           |
 *  +-------------------------------+-------------------------------+
 *  |                ciaddr, yiaddr, siaddr, giaddr (4 each)        |
 *  +---------------------------------------------------------------+
 *  |                          chaddr  (16)                         |
 *  |                          sname   (64)                         |
 *  |                          file    (128)                        |
 *  +---------------------------------------------------------------+
 *  |              magic cookie 99.130.83.99, then options          |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class DhcpMessage {
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    public static final int OP = 0;
    public static final int HTYPE = 1;
    public static final int HLEN = 2;
    public static final int HOPS = 3;
    public static final int XID = 4;
    public static final int SECS = 8;
    public static final int FLAGS = 10;
    public static final int CIADDR = 12;
    public static final int YIADDR = 16;
    public static final int SIADDR = 20;
    public static final int GIADDR = 24;
    public static final int CHADDR = 28;
    public static final int CHADDR_LEN = 16;
    public static final int SNAME = 44;
    public static final int SNAME_LEN = 64;
    public static final int FILE = 108;
    public static final int FILE_LEN = 128;
    public static final int COOKIE = 236;
    /** Where the options field begins: right after the cookie. */
    public static final int OPTIONS = 240;

    public static final int OP_BOOTREQUEST = 1;
    public static final int OP_BOOTREPLY = 2;
    /** RFC 1700 hardware type for 10 Mb Ethernet, the one Ethernet uses. */
    public static final int HTYPE_ETHERNET = 1;
    public static final int MAC_LEN = 6;
    /** RFC 2131 §2 Figure 2: the BROADCAST bit of 'flags'. */
    public static final int FLAG_BROADCAST = 0x8000;
    public static final int MAGIC_COOKIE = 0x63825363;
    /** RFC 2131 §2: "a DHCP client must be prepared to receive DHCP messages with an 'options' field of at least 312 octets". */
    public static final int MIN_MESSAGE_LEN = 576 - Ipv4Header.MIN_LEN - UdpHeader.LEN;

    private DhcpMessage() {
    }

    public static int op(byte[] b, int o) {
        return Bytes.u8(b, o + OP);
    }

    public static int htype(byte[] b, int o) {
        return Bytes.u8(b, o + HTYPE);
    }

    public static int hlen(byte[] b, int o) {
        return Bytes.u8(b, o + HLEN);
    }

    public static int xid(byte[] b, int o) {
        return Bytes.i32(b, o + XID);
    }

    public static int secs(byte[] b, int o) {
        return Bytes.u16(b, o + SECS);
    }

    public static int flags(byte[] b, int o) {
        return Bytes.u16(b, o + FLAGS);
    }

    public static int ciaddr(byte[] b, int o) {
        return Bytes.i32(b, o + CIADDR);
    }

    public static int yiaddr(byte[] b, int o) {
        return Bytes.i32(b, o + YIADDR);
    }

    public static int siaddr(byte[] b, int o) {
        return Bytes.i32(b, o + SIADDR);
    }

    public static int cookie(byte[] b, int o) {
        return Bytes.i32(b, o + COOKIE);
    }

    /** True when chaddr holds exactly this 6-byte MAC (the other 10 bytes are padding). */
    public static boolean chaddrIs(byte[] b, int o, byte[] mac, int macOff) {
        return Bytes.equal(b, o + CHADDR, mac, macOff, MAC_LEN);
    }

    /**
     * Writes the fixed part of a client message and the cookie, zeroing what a client leaves empty
     * (yiaddr, siaddr, giaddr, sname, file, chaddr padding: RFC 2131 Table 5); returns the offset of
     * the options (o + {@link #OPTIONS}).
     */
    public static int writeRequestHeader(byte[] b, int o, int xid, int secs, int flags, int ciaddr, byte[] mac, int macOff) {
        for (int i = o; i < o + OPTIONS; i++) {
            b[i] = 0;
        }
        Bytes.putU8(b, o + OP, OP_BOOTREQUEST);
        Bytes.putU8(b, o + HTYPE, HTYPE_ETHERNET);
        Bytes.putU8(b, o + HLEN, MAC_LEN);
        Bytes.putI32(b, o + XID, xid);
        Bytes.putU16(b, o + SECS, secs);
        Bytes.putU16(b, o + FLAGS, flags);
        Bytes.putI32(b, o + CIADDR, ciaddr);
        System.arraycopy(mac, macOff, b, o + CHADDR, MAC_LEN);
        Bytes.putI32(b, o + COOKIE, MAGIC_COOKIE);
        return o + OPTIONS;
    }

    /** Writes the fixed part of a server reply (for tests and tools): op 2, yiaddr, the client's xid and chaddr. */
    public static int writeReplyHeader(byte[] b, int o, int xid, int flags, int ciaddr, int yiaddr, int siaddr,
                                       byte[] mac, int macOff) {
        int opts = writeRequestHeader(b, o, xid, 0, flags, ciaddr, mac, macOff);
        Bytes.putU8(b, o + OP, OP_BOOTREPLY);
        Bytes.putI32(b, o + YIADDR, yiaddr);
        Bytes.putI32(b, o + SIADDR, siaddr);
        return opts;
    }
}
