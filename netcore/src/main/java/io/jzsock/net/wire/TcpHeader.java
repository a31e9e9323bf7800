package io.jzsock.net.wire;

/**
 * TCP header (RFC 9293 §3.1). Options follow the fixed 20 bytes up to the Data Offset; {@link TcpOptions}
 * reads and writes them. The checksum covers the IPv4 pseudo-header, this header and the data, and is
 * mandatory: unlike UDP, 0 on the wire has no special meaning.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data |       |C|E|U|A|P|R|S|F|                               |
 *  | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *  |       |       |R|E|G|K|H|T|N|N|                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (Data Offset > 5)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpHeader {
    public static final int MIN_LEN = 20;
    /** Data Offset is 4 bits of 32-bit words: at most 15 words. */
    public static final int MAX_LEN = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    /** ECN-Echo and Congestion Window Reduced (RFC 3168 §6.1). */
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int SEQ = 4;
    public static final int ACK_NUM = 8;
    public static final int DATA_OFFSET = 12;
    public static final int FLAGS = 13;
    public static final int WINDOW = 14;
    public static final int CHECKSUM = 16;
    public static final int URGENT = 18;

    private TcpHeader() {
    }

    public static int srcPort(byte[] b, int o) {
        return Bytes.u16(b, o + SRC_PORT);
    }

    public static int dstPort(byte[] b, int o) {
        return Bytes.u16(b, o + DST_PORT);
    }

    /** The raw 32-bit sequence number; compare sequence numbers modulo 2^32 (RFC 9293 §3.4). */
    public static int seq(byte[] b, int o) {
        return Bytes.i32(b, o + SEQ);
    }

    public static int ack(byte[] b, int o) {
        return Bytes.i32(b, o + ACK_NUM);
    }

    /** Header length in bytes, options included (Data Offset counts 32-bit words). */
    public static int headerLen(byte[] b, int o) {
        return ((b[o + DATA_OFFSET] & 0xff) >>> 4) << 2;
    }

    /** The eight control bits CWR..FIN; the reserved bits of byte 12 are not included. */
    public static int flags(byte[] b, int o) {
        return Bytes.u8(b, o + FLAGS);
    }

    /** The unscaled window field; the receiver applies the peer's shift (RFC 7323 §2.3). */
    public static int window(byte[] b, int o) {
        return Bytes.u16(b, o + WINDOW);
    }

    public static int checksum(byte[] b, int o) {
        return Bytes.u16(b, o + CHECKSUM);
    }

    public static int urgent(byte[] b, int o) {
        return Bytes.u16(b, o + URGENT);
    }

    /**
     * Writes the fixed header with reserved bits, checksum and urgent pointer 0 (the checksum to be filled by
     * {@link #fillChecksumV4} or the device). {@code headerLen} is in bytes, a multiple of 4 from 20 to 60.
     */
    public static void write(byte[] b, int o, int srcPort, int dstPort, int seq, int ack, int headerLen,
            int flags, int window) {
        Bytes.putU16(b, o + SRC_PORT, srcPort);
        Bytes.putU16(b, o + DST_PORT, dstPort);
        Bytes.putI32(b, o + SEQ, seq);
        Bytes.putI32(b, o + ACK_NUM, ack);
        Bytes.putU8(b, o + DATA_OFFSET, (headerLen >>> 2) << 4);
        Bytes.putU8(b, o + FLAGS, flags);
        Bytes.putU16(b, o + WINDOW, window);
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putU16(b, o + URGENT, 0);
    }

    /** {@code len} is the TCP length: header, options and data (RFC 9293 §3.1, pseudo-header). */
    public static boolean checksumOkV4(byte[] b, int o, int len, int srcIp, int dstIp) {
        int seed = Checksum.pseudoHeaderV4(srcIp, dstIp, Ipv4Header.PROTO_TCP, len);
        return Checksum.sum(b, o, len, seed) == 0xffff;
    }

    public static void fillChecksumV4(byte[] b, int o, int len, int srcIp, int dstIp) {
        fillChecksum(b, o, len, Checksum.pseudoHeaderV4(srcIp, dstIp, Ipv4Header.PROTO_TCP, len));
    }

    /** Fills the checksum from a pseudo-header sum of either family. */
    public static void fillChecksum(byte[] b, int o, int len, int pseudoHeaderSum) {
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.sum(b, o, len, pseudoHeaderSum)));
    }
}
