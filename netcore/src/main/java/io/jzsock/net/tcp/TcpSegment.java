package io.jzsock.net.tcp;

import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.wire.TcpOptions;

/** A parsed incoming segment (smoltcp's TcpRepr): reused for every segment, never kept. */
final class TcpSegment {
    final TcpOptions opts = new TcpOptions();
    byte[] buf;
    int dataOff;
    int dataLen;
    /** Addresses in the two-long form of {@link IpAddress}. */
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window;
    int ifindex;

    void setAddresses4(int src, int dst) {
        srcHi = IpAddress.v4MappedHi();
        srcLo = IpAddress.v4MappedLo(src);
        dstHi = IpAddress.v4MappedHi();
        dstLo = IpAddress.v4MappedLo(dst);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** SEG.LEN: data plus one for each of SYN and FIN (RFC 9293 §3.4). */
    int seqLen(int synFlag, int finFlag) {
        return dataLen + (has(synFlag) ? 1 : 0) + (has(finFlag) ? 1 : 0);
    }
}
