package io.jzsock.sim.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure-aware half of the TLS and DTLS fuzz targets: chunks of fuzzer bytes become records with valid
 * headers around them, so that the parsers behind the record layer (handshake messages, alerts) see the
 * fuzzer's bytes rather than a rejected header.
 * <pre>
 *  chunks = (ctl len body[len])*            (a body cut short by the input's end is what is left)
 *  ctl    : bits 0-1 content type: 0 handshake (22), 1 alert (21), 2 change_cipher_spec (20), 3 application_data (23);
 *           bit 2 the body is one handshake message, body[0] its msg_type, the rest its payload: its
 *                 header (RFC 8446 §4; DTLS: RFC 6347 §4.2.2, unfragmented, message_seq counting up) is filled in;
 *           bit 3 the message goes into the previous record (TLS: coalesced; DTLS: the same datagram);
 *           bit 4 the record version is 0x0301 (a first ClientHello's legacy_record_version), DTLS 0xfeff;
 *           bit 5 len is two bytes (big-endian), for bodies past 255 bytes;
 *           bit 6 (DTLS) the cookie of the last HelloVerifyRequest replaces the ClientHello body's cookie
 * </pre>
 */
final class TlsRecordInput {
    static final int HANDSHAKE = 22;
    static final int ALERT = 21;
    static final int CCS = 20;
    static final int APP = 23;
    private static final int[] TYPES = {HANDSHAKE, ALERT, CCS, APP};
    static final int CTL_MESSAGE = 0x04;
    static final int CTL_SAME_RECORD = 0x08;
    static final int CTL_OLD_VERSION = 0x10;
    static final int CTL_LONG_LEN = 0x20;
    static final int CTL_COOKIE = 0x40;
    /** DTLS ClientHello payload: client_version(2) random(32), then the session id. */
    private static final int CH_SESSION_ID = 34;

    private TlsRecordInput() {
    }

    /** TLS: the byte stream the chunks of in[from..] make. */
    static byte[] tlsStream(byte[] in, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int recordStart = -1;
        byte[] buf;
        for (Chunk c : chunks(in, from)) {
            byte[] frag = (c.ctl & CTL_MESSAGE) != 0 ? tlsMessage(c.body) : c.body;
            if ((c.ctl & CTL_SAME_RECORD) != 0 && recordStart >= 0) {
                out.writeBytes(frag);
                buf = out.toByteArray();
                int len = buf.length - recordStart - 5;
                if (len <= 0xffff) {
                    buf[recordStart + 3] = (byte) (len >>> 8);
                    buf[recordStart + 4] = (byte) len;
                }
                out.reset();
                out.writeBytes(buf);
                continue;
            }
            recordStart = out.size();
            out.write(TYPES[c.ctl & 3]);
            out.write(3);
            out.write((c.ctl & CTL_OLD_VERSION) != 0 ? 1 : 3);
            out.write(frag.length >>> 8);
            out.write(frag.length);
            out.writeBytes(frag);
        }
        return out.toByteArray();
    }

    /** RFC 8446 §4: msg_type, uint24 length, body. */
    private static byte[] tlsMessage(byte[] body) {
        int type = body.length > 0 ? body[0] & 0xff : 0;
        int len = Math.max(0, body.length - 1);
        byte[] m = new byte[4 + len];
        m[0] = (byte) type;
        m[1] = (byte) (len >>> 16);
        m[2] = (byte) (len >>> 8);
        m[3] = (byte) len;
        System.arraycopy(body, Math.min(1, body.length), m, 4, len);
        return m;
    }

    /**
     * DTLS: the next datagram of the input, or null after the last: one per chunk, or several records in one
     * (CTL_SAME_RECORD); a CTL_COOKIE chunk takes the cookie learnt so far, so datagrams are built one at a time.
     */
    static byte[] nextDatagram(DtlsState st) {
        if (st.next >= st.chunks.size()) {
            return null;
        }
        ByteArrayOutputStream dgram = new ByteArrayOutputStream();
        do {
            Chunk c = st.chunks.get(st.next++);
            byte[] body = (c.ctl & CTL_COOKIE) != 0 ? withCookie(c.body, st.cookie) : c.body;
            byte[] frag = (c.ctl & CTL_MESSAGE) != 0 ? dtlsMessage(body, st.messageSeq++) : body;
            long seq = st.recordSeq++;
            dgram.write(TYPES[c.ctl & 3]);
            dgram.write(0xfe);
            dgram.write((c.ctl & CTL_OLD_VERSION) != 0 ? 0xff : 0xfd);
            dgram.write(0); // epoch 0
            dgram.write(0);
            for (int s = 40; s >= 0; s -= 8) {
                dgram.write((int) (seq >>> s));
            }
            dgram.write(frag.length >>> 8);
            dgram.write(frag.length);
            dgram.writeBytes(frag);
        } while (st.next < st.chunks.size() && (st.chunks.get(st.next).ctl & CTL_SAME_RECORD) != 0);
        return dgram.toByteArray();
    }

    /** RFC 6347 §4.2.2: msg_type, length, message_seq, fragment_offset 0, fragment_length = length. */
    private static byte[] dtlsMessage(byte[] body, int messageSeq) {
        int type = body.length > 0 ? body[0] & 0xff : 0;
        int len = Math.max(0, body.length - 1);
        byte[] m = new byte[12 + len];
        m[0] = (byte) type;
        put24(m, 1, len);
        m[4] = (byte) (messageSeq >>> 8);
        m[5] = (byte) messageSeq;
        put24(m, 9, len);
        System.arraycopy(body, Math.min(1, body.length), m, 12, len);
        return m;
    }

    /** A ClientHello message (msg_type first) with its cookie field replaced; unchanged when it is too short. */
    private static byte[] withCookie(byte[] msg, byte[] cookie) {
        int sid = 1 + CH_SESSION_ID;
        if (msg.length <= sid || cookie == null) {
            return msg;
        }
        int cookieAt = sid + 1 + (msg[sid] & 0xff);
        if (cookieAt >= msg.length) {
            return msg;
        }
        int oldEnd = Math.min(msg.length, cookieAt + 1 + (msg[cookieAt] & 0xff));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(msg, 0, cookieAt);
        out.write(cookie.length);
        out.writeBytes(cookie);
        out.write(msg, oldEnd, msg.length - oldEnd);
        return out.toByteArray();
    }

    /** Learns the cookie of a HelloVerifyRequest (RFC 6347 §4.2.1) among the server's datagram's records. */
    static void learnCookie(byte[] d, int len, DtlsState st) {
        int i = 0;
        while (i + 13 <= len) {
            int rlen = (d[i + 11] & 0xff) << 8 | d[i + 12] & 0xff;
            int body = i + 13;
            if ((d[i] & 0xff) == HANDSHAKE && body + 12 + 3 <= len && d[body] == 3) {
                int c = body + 12 + 2;
                int clen = d[c] & 0xff;
                if (c + 1 + clen <= len) {
                    st.cookie = java.util.Arrays.copyOfRange(d, c + 1, c + 1 + clen);
                }
            }
            i = body + rlen;
        }
    }

    private static void put24(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 16);
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) v;
    }

    private static List<Chunk> chunks(byte[] in, int from) {
        List<Chunk> out = new ArrayList<>();
        int i = from;
        while (i + 1 < in.length) {
            int ctl = in[i] & 0xff;
            int len;
            if ((ctl & CTL_LONG_LEN) != 0 && i + 2 < in.length) {
                len = (in[i + 1] & 0xff) << 8 | in[i + 2] & 0xff;
                i += 3;
            } else {
                len = in[i + 1] & 0xff;
                i += 2;
            }
            int end = Math.min(in.length, i + len);
            out.add(new Chunk(ctl, java.util.Arrays.copyOfRange(in, i, end)));
            i = end;
        }
        return out;
    }

    /** The inverse for seeds: chunks that rebuild the given TLS records one by one (each record its own chunk). */
    static byte[] chunksOfTlsRecords(byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i + 5 <= stream.length) {
            int type = stream[i] & 0xff;
            int len = (stream[i + 3] & 0xff) << 8 | stream[i + 4] & 0xff;
            int end = Math.min(stream.length, i + 5 + len);
            int t = type == ALERT ? 1 : type == CCS ? 2 : type == APP ? 3 : 0;
            int ctl = t | (stream[i + 2] == 1 ? CTL_OLD_VERSION : 0) | CTL_LONG_LEN;
            out.write(ctl);
            out.write((end - i - 5) >>> 8);
            out.write(end - i - 5);
            out.write(stream, i + 5, end - i - 5);
            i = end;
        }
        return out.toByteArray();
    }

    /** The DTLS target's sequence numbers and the cookie it learnt, for one input. */
    static final class DtlsState {
        final List<Chunk> chunks;
        int next;
        int messageSeq;
        long recordSeq;
        byte[] cookie;

        DtlsState(byte[] in, int from) {
            chunks = chunks(in, from);
        }
    }

    private static final class Chunk {
        final int ctl;
        final byte[] body;

        Chunk(int ctl, byte[] body) {
            this.ctl = ctl;
            this.body = body;
        }
    }
}
