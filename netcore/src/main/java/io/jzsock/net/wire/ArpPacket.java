package io.jzsock.net.wire;

/**
 * ARP for Ethernet/IPv4 (RFC 826), 28 bytes after the Ethernet header.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      HTYPE (1 = Ethernet)     |      PTYPE (0x0800 = IPv4)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   HLEN (6)    |   PLEN (4)    |       OPER (1 req, 2 reply)   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Sender hardware address (6) ...                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ... SHA      |     Sender protocol address (4) ...           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ... SPA      |     Target hardware address (6) ...           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ... THA                                                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Target protocol address (4)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpPacket {
    public static final int LEN = 28;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;
    public static final int HTYPE = 0;
    public static final int PTYPE = 2;
    public static final int HLEN = 4;
    public static final int PLEN = 5;
    public static final int OPER = 6;
    public static final int SHA = 8;
    public static final int SPA = 14;
    public static final int THA = 18;
    public static final int TPA = 24;
    public static final int HTYPE_ETHERNET = 1;

    private ArpPacket() {
    }

    public static boolean isEthernetIpv4(byte[] b, int o) {
        return Bytes.u16(b, o + HTYPE) == HTYPE_ETHERNET && Bytes.u16(b, o + PTYPE) == EthernetFrame.TYPE_IPV4
                && Bytes.u8(b, o + HLEN) == Bytes.MAC_LEN && Bytes.u8(b, o + PLEN) == 4;
    }

    public static int op(byte[] b, int o) {
        return Bytes.u16(b, o + OPER);
    }

    public static int senderIp(byte[] b, int o) {
        return Bytes.i32(b, o + SPA);
    }

    public static int targetIp(byte[] b, int o) {
        return Bytes.i32(b, o + TPA);
    }

    public static int senderMacOffset(int o) {
        return o + SHA;
    }

    public static int targetMacOffset(int o) {
        return o + THA;
    }

    /** Writes all 28 bytes; a request's unknown target MAC is passed as zeros (RFC 826 "Packet Generation"). */
    public static void write(byte[] b, int o, int op, byte[] senderMac, int smOff, int senderIp,
                             byte[] targetMac, int tmOff, int targetIp) {
        Bytes.putU16(b, o + HTYPE, HTYPE_ETHERNET);
        Bytes.putU16(b, o + PTYPE, EthernetFrame.TYPE_IPV4);
        Bytes.putU8(b, o + HLEN, Bytes.MAC_LEN);
        Bytes.putU8(b, o + PLEN, 4);
        Bytes.putU16(b, o + OPER, op);
        Bytes.copyMac(senderMac, smOff, b, o + SHA);
        Bytes.putI32(b, o + SPA, senderIp);
        Bytes.copyMac(targetMac, tmOff, b, o + THA);
        Bytes.putI32(b, o + TPA, targetIp);
    }
}
